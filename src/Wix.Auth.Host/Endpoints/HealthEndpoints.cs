using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wix.Auth.Host.Health;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// <c>/healthz</c>: the process answers (no check runs). <c>/readyz</c>: every check tagged <see cref="ReadyTag"/> is
/// healthy — the database answers and every migration is applied. Both on ASP.NET Core's health checks, so an operator's
/// own checks (<c>AddHealthChecks().AddCheck(..., tags: ["ready"])</c>) join readiness; the answers stay the plain
/// text they always were (<c>ok</c>, <c>ready</c>, <c>not ready: reason</c>; 200 or 503).
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => WriteAsync(context, "ok\n"),
        }).WithMetadata(new HttpMethodMetadata(Methods));
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        }).WithMetadata(new HttpMethodMetadata(Methods));
        return endpoints;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        if (report.Status != HealthStatus.Unhealthy)
        {
            return WriteAsync(context, "ready\n");
        }

        var reason = string.Join("; ", report.Entries.Values
            .Where(e => e.Status == HealthStatus.Unhealthy)
            .Select(e => e.Description ?? "unhealthy"));
        HostLog.NotReady(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Health"), reason);
        return WriteAsync(context, "not ready: " + reason + "\n");
    }

    private static Task WriteAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
