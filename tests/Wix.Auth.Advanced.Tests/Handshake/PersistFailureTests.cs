using System.Net;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Wix.Auth.Advanced.Tests.Framework;
using Wix.Auth.Simulator;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>
/// The Wix pitfall (checklist FI-1): the code is redeemed, then the refresh token cannot be stored. A real database
/// failure in this class's own database: a constraint that refuses any refresh-token ciphertext.
/// </summary>
public sealed class PersistFailureTests(AdvancedAppFixture fixture) : IClassFixture<AdvancedAppFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            ALTER TABLE wix_installations DROP CONSTRAINT IF EXISTS test_refuse_refresh_tokens;
            ALTER TABLE wix_installations ADD CONSTRAINT test_refuse_refresh_tokens CHECK (refresh_token_ciphertext IS NULL);
            """);
    }

    public async Task DisposeAsync()
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("ALTER TABLE wix_installations DROP CONSTRAINT IF EXISTS test_refuse_refresh_tokens");
    }

    [Fact]
    public async Task A_refresh_token_that_cannot_be_stored_gives_a_clear_page_and_the_instance_works_through_client_credentials()
    {
        using var browser = new BrowserlessInstaller();
        var callback = await browser.RedirectToCallbackAsync(fixture.Simulator.CreateMarketInstallUrl());
        var instanceId = QueryHelpers.ParseQuery(callback.Query)["instanceId"].ToString();

        using var response = await browser.GetAsync(callback);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("could not save its authorization", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("constraint", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);

        var installation = await fixture.App.Store.FindAsync(instanceId, CancellationToken.None);
        Assert.NotNull(installation);
        Assert.False(installation.HasRefreshToken);
        Assert.Equal(WixFallbackReason.Missing, installation.FallbackReason);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, installation.Strategy);

        var token = await fixture.App.Tokens.GetAccessTokenAsync(instanceId, CancellationToken.None);
        Assert.Equal(WixAuthStrategyNames.ClientCredentials, token.Strategy);
        Assert.Equal(1, fixture.Simulator.Control.Counters.AuthorizationCode);
    }
}
