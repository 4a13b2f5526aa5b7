using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wix.Auth;
using Wix.Auth.Advanced;
using Wix.Auth.Advanced.Internal;
using Wix.Auth.Advanced.Internal.OAuth;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the browser-facing endpoints of the advanced-OAuth install handshake.</summary>
public static class WixOAuthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {InstallPath}</c> (the App URL), <c>GET {CallbackPath}</c> (the Redirect URL) and <c>GET {CompletePath}</c>
    /// (return from onboarding), paths from <see cref="WixOAuthOptions"/>. The callback is served by the
    /// authentication handler itself, so it also works when the app calls <c>UseAuthentication()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapWixOAuth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<WixOAuthOptions>>().Get(WixOAuthDefaults.AuthenticationScheme);
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(settings.InstallPath, StartAsync);
        group.MapGet(settings.CallbackPath.Value!, CallbackAsync);
        group.MapGet(settings.CompletePath, CompleteAsync);
        return group.ExcludeFromDescription();
    }

    private static async Task StartAsync(HttpContext context, IOptionsMonitor<WixOAuthOptions> options, ILoggerFactory loggers)
    {
        var max = options.Get(WixOAuthDefaults.AuthenticationScheme).MaxParameterLength;
        var token = context.Request.Query["token"];
        if (token.Count > 1 || (token.Count == 1 && (token[0] is not { } value || value.Length > max || value.Any(char.IsControl))))
        {
            await HandshakePages.WriteAsync(context, HandshakeOutcome.MalformedParameters, context.RequestAborted);
            return;
        }

        HandshakeHeaders.Apply(context.Response);
        AdvancedLog.HandshakeStarted(loggers.CreateLogger(typeof(WixOAuthEndpointRouteBuilderExtensions).FullName!), token.Count == 1);
        // RedirectUri is not used (we never sign in), but set so the framework does not copy the query (and Wix's token) into state.
        await context.ChallengeAsync(WixOAuthDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/" });
    }

    private static async Task CallbackAsync(HttpContext context, IAuthenticationHandlerProvider handlers)
    {
        if (await handlers.GetHandlerAsync(context, WixOAuthDefaults.AuthenticationScheme) is not IAuthenticationRequestHandler handler
            || !await handler.HandleRequestAsync())
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static async Task CompleteAsync(
        HttpContext context,
        OnboardingTickets tickets,
        IWixTokenManager tokens,
        IOptionsMonitor<WixOAuthOptions> options,
        ILoggerFactory loggers)
    {
        HandshakeHeaders.Apply(context.Response);
        var ticket = context.Request.Query["ticket"];
        var redeemed = ticket.Count == 1
            ? await tickets.RedeemAsync(context, ticket[0], context.RequestAborted)
            : OnboardingRedemption.Refused("missing");
        if (redeemed.InstanceId is not { } instanceId)
        {
            AdvancedLog.TicketRefused(loggers.CreateLogger(typeof(WixOAuthEndpointRouteBuilderExtensions).FullName!), redeemed.RefusalReason ?? "invalid");
            await HandshakePages.WriteAsync(context, HandshakeOutcome.TicketInvalid, context.RequestAborted);
            return;
        }

        // The handshake's own access token when it is still fresh; only after a long onboarding is a new one minted.
        var accessToken = redeemed.ReusableAccessToken ?? (await tokens.GetAccessTokenAsync(instanceId, context.RequestAborted)).AccessToken;
        HandshakePages.Redirect(context, CloseWindow.Url(options.Get(WixOAuthDefaults.AuthenticationScheme).InstallerBaseUrl, accessToken));
    }
}
