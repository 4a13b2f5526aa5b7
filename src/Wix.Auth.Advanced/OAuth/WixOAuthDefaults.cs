namespace Wix.Auth.Advanced;

/// <summary>Names and defaults of the advanced-OAuth install handshake.</summary>
public static class WixOAuthDefaults
{
    /// <summary>The authentication scheme of the handshake.</summary>
    public const string AuthenticationScheme = "Wix";

    /// <summary>Shown by the authentication framework.</summary>
    public const string DisplayName = "Wix";

    /// <summary>Default App URL path: where Wix sends the browser with <c>token</c>.</summary>
    public const string InstallPath = "/oauth/install";

    /// <summary>Default Redirect URL path: where Wix sends the browser with <c>code</c>, <c>state</c>, <c>instanceId</c>.</summary>
    public const string CallbackPath = "/oauth/callback";

    /// <summary>Default path the app's onboarding page returns the browser to, with <c>ticket</c>.</summary>
    public const string CompletePath = "/oauth/complete";
}
