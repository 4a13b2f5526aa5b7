using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Tests.Handshake;

/// <summary>
/// One options type for the handshake, <see cref="WixOAuthOptions"/>: bound from <c>WixAuth:AdvancedOAuth</c> (the keys of
/// the former WixAdvancedOAuthOptions), derived values filled after configuration, checked at start-up.
/// </summary>
public sealed class HandshakeOptionsTests
{
    [Fact]
    public void Configuration_keys_bind_to_the_scheme_options_and_the_derived_values_follow_them()
    {
        using var host = BuildHost(new()
        {
            ["WixAuth:AdvancedOAuth:PublicBaseUrl"] = "https://auth.example.test/",
            ["WixAuth:AdvancedOAuth:CallbackPath"] = "/wix/callback",
            ["WixAuth:AdvancedOAuth:StateLifetime"] = "00:05:00",
            ["WixAuth:AdvancedOAuth:MaxParameterLength"] = "1024",
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<WixOAuthOptions>>().Get(WixOAuthDefaults.AuthenticationScheme);

        Assert.Equal(new PathString("/wix/callback"), options.CallbackPath);
        Assert.Equal("https://auth.example.test/wix/callback", options.RedirectUrl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.StateLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RemoteAuthenticationTimeout);
        Assert.Equal(1024, options.MaxParameterLength);
        Assert.Equal("0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01", options.ClientId);
        Assert.Equal("https://www.wix.com/installer/install", options.AuthorizationEndpoint);
        Assert.False(options.UsePkce);
    }

    [Fact]
    public void The_delegate_of_AddAdvancedOAuth_runs_after_the_binding()
    {
        using var host = BuildHost(
            new() { ["WixAuth:AdvancedOAuth:PublicBaseUrl"] = "https://from-config.example.test" },
            o => o.PublicBaseUrl = new Uri("https://from-code.example.test"));

        var options = host.Services.GetRequiredService<IOptionsMonitor<WixOAuthOptions>>().Get(WixOAuthDefaults.AuthenticationScheme);

        Assert.Equal("https://from-code.example.test/oauth/callback", options.RedirectUrl);
    }

    [Fact]
    public async Task A_missing_public_base_url_and_a_too_long_state_lifetime_fail_start_up_naming_both_keys()
    {
        using var host = BuildHost(new() { ["WixAuth:AdvancedOAuth:StateLifetime"] = "00:30:00" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WixAuth:AdvancedOAuth:PublicBaseUrl is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("WixAuth:AdvancedOAuth:StateLifetime must be between 1 and 10 minutes", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<WixOAuthOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Wix:AppId"] = "0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01";
        builder.Configuration["Wix:AppSecret"] = "test-secret-not-used";
        builder.Services.AddWixAuth(builder.Configuration).AddClientCredentials().AddAdvancedOAuth(configure);
        return builder.Build();
    }
}
