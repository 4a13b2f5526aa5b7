using System.Net;

namespace Wix.Auth.Simulator.Tests;

/// <summary><see cref="WixSimulatorOptions.StatePath"/>: a restarted simulator remembers sites and tokens, as Wix does.</summary>
public sealed class PersistentStateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wixauth-sim-state-").FullName;

    private string StatePath => Path.Combine(_directory, "simulator-state.json");

    [Fact]
    public async Task A_restarted_simulator_still_accepts_the_refresh_token_and_the_access_token_it_issued()
    {
        var secret = Guid.NewGuid().ToString();
        string instanceId, refreshToken, accessToken, removedInstance, removedToken;
        await using (var first = await StartAsync(secret))
        {
            instanceId = first.Control.CreateInstalledInstance();
            refreshToken = first.Control.IssueRefreshToken(instanceId);
            removedInstance = first.Control.CreateInstalledInstance();
            removedToken = first.Control.IssueRefreshToken(removedInstance);
            first.Control.Uninstall(removedInstance);
            using var client = new HttpClient { BaseAddress = first.BaseUrl };
            var (response, body) = await client.RefreshAsync(first.Control, refreshToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            accessToken = body.Str("access_token");
        }

        await using var second = await StartAsync(secret);
        Assert.True(second.Control.IsInstalled(instanceId));
        Assert.True(second.Control.IsRefreshTokenActive(refreshToken));
        Assert.False(second.Control.IsInstalled(removedInstance));
        Assert.False(second.Control.IsRefreshTokenActive(removedToken));

        using var again = new HttpClient { BaseAddress = second.BaseUrl };
        var (refreshed, _) = await again.RefreshAsync(second.Control, refreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var (info, infoBody) = await again.PostJsonAsync("/oauth2/token-info", new Dictionary<string, string> { ["token"] = accessToken });
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(instanceId, infoBody.Str("instanceId"));
        Assert.True(infoBody.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_state_file_is_owner_only_and_holds_no_app_secret()
    {
        var secret = Guid.NewGuid().ToString();
        await using (var simulator = await StartAsync(secret))
        {
            simulator.Control.IssueRefreshToken(simulator.Control.CreateInstalledInstance());
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatePath));
        }

        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(StatePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_state_file_stops_the_start_with_its_path_and_is_left_untouched()
    {
        await File.WriteAllTextAsync(StatePath, "{ not json");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Guid.NewGuid().ToString()));

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", await File.ReadAllTextAsync(StatePath));
    }

    [Fact]
    public async Task Another_apps_state_file_is_refused()
    {
        await using (var simulator = await StartAsync(Guid.NewGuid().ToString()))
        {
            simulator.Control.CreateInstalledInstance();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Guid.NewGuid().ToString(), appId: Guid.NewGuid().ToString()));

        Assert.Contains("belongs to app", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<WixSimulator> StartAsync(string secret, string? appId = null)
    {
        var options = new WixSimulatorOptions { AppSecret = secret, StatePath = StatePath };
        if (appId is not null)
        {
            options.AppId = appId;
        }

        return WixSimulator.StartAsync(options);
    }
}
