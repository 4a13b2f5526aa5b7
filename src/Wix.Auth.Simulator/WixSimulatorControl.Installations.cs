namespace Wix.Auth.Simulator;

// Sites and their installations: what a site owner (or Wix itself) does to the app's instances.
public sealed partial class WixSimulatorControl
{
    /// <summary>Creates a site with the app installed through basic OAuth (no refresh token) and returns its instance ID.</summary>
    public string CreateInstalledInstance()
    {
        var instance = Sites.Add(originInstanceId: null);
        instance.Installed = true;
        return instance.InstanceId;
    }

    /// <summary>Issues a refresh token for an installed instance, as the install handshake would.</summary>
    public string IssueRefreshToken(string instanceId)
    {
        var instance = Sites.Get(instanceId);
        if (!instance.Installed)
        {
            throw new InvalidOperationException($"Instance {instanceId} is not installed.");
        }

        return Tokens.NewRefreshToken(instanceId).Token;
    }

    /// <summary>True when the app is installed on the instance's site.</summary>
    public bool IsInstalled(string instanceId) => Sites.IsInstalled(instanceId);

    /// <summary>True when the refresh token is known and not revoked.</summary>
    public bool IsRefreshTokenActive(string refreshToken) =>
        Tokens.TryGetRefreshToken(refreshToken, out var r) && !r.Revoked && IsInstalled(r.InstanceId);

    /// <summary>Uninstalls the app: revokes refresh and access tokens and sends <c>AppRemoved</c>.</summary>
    public void Uninstall(string instanceId)
    {
        var instance = Sites.Get(instanceId);
        instance.Installed = false;
        Tokens.RevokeAccessTokens(instance);
        Tokens.RevokeRefreshTokens(instanceId);
        SendWebhook("AppRemoved", instanceId, $$"""{"appId":"{{AppId}}"}""");
    }

    /// <summary>Installs the app again on the same site (the instance ID persists); old refresh tokens stay revoked.</summary>
    public void Reinstall(string instanceId)
    {
        var instance = Sites.Get(instanceId);
        if (!instance.Installed)
        {
            instance.Installed = true;
            SendWebhook("AppInstalled", instanceId, $$"""{"appId":"{{AppId}}"}""");
        }
    }

    /// <summary>Clones the site: a new installed instance that remembers its origin and has no refresh token.</summary>
    public string CloneSite(string instanceId)
    {
        _ = Sites.Get(instanceId);
        var clone = Sites.Add(originInstanceId: instanceId);
        clone.Installed = true;
        SendWebhook("AppInstalled", clone.InstanceId, $$"""{"appId":"{{AppId}}","originInstanceId":"{{instanceId}}"}""");
        return clone.InstanceId;
    }

    /// <summary>Makes every access token issued so far for the instance be rejected with 401 by the API gateway.</summary>
    public void ExpireAccessTokens(string instanceId) => Tokens.RevokeAccessTokens(Sites.Get(instanceId));
}
