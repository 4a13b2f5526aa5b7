using System.Diagnostics;

namespace Wix.Auth.Host.Logging;

/// <summary>
/// Request logs without query strings. The framework's own request lines (category
/// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) print the full URL, and ours carry credentials in the query: the
/// callback's <c>code</c> and <c>state</c>, the dashboard's signed <c>instance</c>. That category is therefore held at
/// Warning in code, whatever the configuration says, and this middleware logs method, path, status and time instead
/// (category <c>Wix.Auth.Host.Requests</c>: Information in Development, Warning otherwise, like the framework's defaults).
/// </summary>
internal static class RequestLogging
{
    public const string FrameworkRequestCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder AddQuerylessRequestLogging(this ILoggingBuilder logging) =>
        logging.AddFilter(FrameworkRequestCategory, LogLevel.Warning);

    public static IApplicationBuilder UseQuerylessRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Requests");
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                HostLog.RequestFinished(
                    logger,
                    context.Request.Method,
                    context.Request.PathBase.Add(context.Request.Path).Value ?? "/",
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
