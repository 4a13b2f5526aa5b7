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

        // Explicit, so it runs inside the request log and the error pages; otherwise WebApplication adds it first of all.
        // It serves the handshake's callback (the only authentication scheme, which never signs anyone in).
        app.UseAuthentication();
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
