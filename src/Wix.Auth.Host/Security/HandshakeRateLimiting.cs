using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Pages;

namespace Wix.Auth.Host.Security;

/// <summary>
/// Anti-automation on the handshake (checklist I2): <c>/oauth/install</c>, <c>/oauth/callback</c> and <c>/oauth/complete</c> accept together at most
/// <see cref="WixAuthHostOptions.HandshakeRequestsPerMinute"/> requests per client address per minute, then answer 429
/// with a readable page. Webhooks and the token API are not limited here: a legitimate Wix burst must never be dropped.
/// </summary>
internal static class HandshakeRateLimiting
{
    public static IServiceCollection AddHandshakeRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WixAuthHostOptions>>((limiter, host) =>
        {
            var permits = host.Value.HandshakeRequestsPerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress ?? IPAddress.None,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(HtmlPage.Error(
                    "Too many attempts",
                    "There were too many installation attempts from your network in the last minute.",
                    "Wait a minute, then start the installation again from the Wix App Market.",
                    StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext));
            };
        });
        return services;
    }

    /// <summary>Only handshake requests pass through the limiter; the token API's hot path does not pay for it.</summary>
    public static IApplicationBuilder UseHandshakeRateLimiting(this IApplicationBuilder app) =>
        app.UseWhen(context => IsHandshake(context.Request.Path), branch => branch.UseRateLimiter());

    private static bool IsHandshake(PathString path) =>
        path.StartsWithSegments("/oauth/install", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/oauth/callback", StringComparison.OrdinalIgnoreCase)
        // The onboarding ticket is a credential for close-window: no guessing it at speed either.
        || path.StartsWithSegments("/oauth/complete", StringComparison.OrdinalIgnoreCase);
}
