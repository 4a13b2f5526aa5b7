using Microsoft.Extensions.Options;
using Wix.Auth.Host.Endpoints;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.OpenApi;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Pages;
using Wix.Auth.Host.Security;
using Wix.Auth.Host.Telemetry;
using Wix.Auth.Host.Webhooks;

namespace Wix.Auth.Host.Composition;

/// <summary>The request pipeline and every endpoint of the server.</summary>
internal static class ServerPipeline
{
    /// <summary>What <c>UseAuthentication</c> sets and <c>WebApplication</c> looks for before adding it on its own.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static WebApplication UseWixAuthServer(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WixAuthHostOptions>>().Value.ForwardedHeaders.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseQuerylessRequestLogging();
        app.UseWixErrorPages();
        app.UseStatusCodeBodies();
        app.UseHandshakeRateLimiting();

        // Only on the handshake's paths: the only scheme is the handshake's, which never signs anyone in, and the callback
        // endpoint runs its handler itself. Elsewhere (the token API's hot path) the middleware would build that handler
        // on every request for nothing. Inside the request log and the error pages; the key tells WebApplication that
        // authentication is placed, or it would add it again first of all, for every request.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase), branch => branch.UseAuthentication());
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.MapHealth();
        app.MapServerTelemetry();
        app.MapWixWebhooks();
        app.MapInstanceApi();
        app.MapTokenIdentityApi();
        app.MapDashboard();
        app.MapOperatorView();
        app.MapOperatorInstallation();
        app.MapDevelopmentLanding(app.Environment);
        app.MapTokenApiDocument(app.Environment);
        app.MapWixOAuth();
        return app;
    }
}
