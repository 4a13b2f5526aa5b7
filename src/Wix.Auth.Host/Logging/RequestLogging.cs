using System.Diagnostics;

namespace Wix.Auth.Host.Logging;

/// <summary>
/// Request logs without query strings. The framework's own request lines (category
/// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) print the full URL, and ours carry credentials in the query: the
/// callback's <c>code</c> and <c>state</c>, the dashboard's signed <c>instance</c>. That category is therefore switched off
/// in code, whatever the configuration says, and this middleware logs method, path, status and time instead
/// (category <c>Wix.Auth.Host.Requests</c>: Information in Development, Warning otherwise, like the framework's defaults).
/// Off rather than held at Warning: the category writes nothing above Information, but while it is enabled at all the
/// hosting layer opens a log scope and starts an <see cref="Activity"/> for every request (13% of a warm token request)
/// only so that its lines could carry them. With tracing on, the ASP.NET Core instrumentation still gets its activity.
/// </summary>
internal static class RequestLogging
{
    public const string FrameworkRequestCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder AddQuerylessRequestLogging(this ILoggingBuilder logging) =>
        logging.AddFilter(FrameworkRequestCategory, LogLevel.None);

    public static IApplicationBuilder UseQuerylessRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Requests");
        // Not async when the log is off (every warm token request outside Development): no state machine per request.
        return app.Use((context, next) => logger.IsEnabled(LogLevel.Information) ? LogAsync(logger, context, next) : next(context));
    }

    private static async Task LogAsync(ILogger logger, HttpContext context, RequestDelegate next)
    {
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
    }
}
