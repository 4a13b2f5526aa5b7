using Microsoft.AspNetCore.Authentication.OAuth;

namespace Wix.Auth.Advanced;

/// <summary>
/// The install handshake's events, on top of the framework's <see cref="OAuthEvents"/>: set the <c>On…</c> delegates on
/// <see cref="WixOAuthOptions.Events"/>, or derive from this class, override the methods and name the type in
/// <see cref="Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions.EventsType"/> (resolved from DI per request),
/// as with any ASP.NET Core authentication handler. Subscribers react to the handshake; they never need to decorate the
/// handler or the store.
/// </summary>
public class WixOAuthEvents : OAuthEvents
{
    /// <summary>
    /// Runs once the installation is stored, before the browser is sent on (to onboarding or Wix's close-window).
    /// Default: nothing. An exception thrown here fails the request, but the installation stays stored.
    /// </summary>
    public Func<WixInstalledContext, Task> OnInstalled { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Runs when the code was redeemed but what Wix gave could not be stored; the owner then sees the "could not save"
    /// page and the instance is served by client credentials. Default: nothing.
    /// </summary>
    public Func<WixPersistFailedContext, Task> OnPersistFailed { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Invoked once the installation is stored; calls <see cref="OnInstalled"/>.</summary>
    public virtual Task Installed(WixInstalledContext context) => OnInstalled(context);

    /// <summary>Invoked when the installation could not be stored; calls <see cref="OnPersistFailed"/>.</summary>
    public virtual Task PersistFailed(WixPersistFailedContext context) => OnPersistFailed(context);
}
