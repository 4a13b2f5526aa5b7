using Microsoft.AspNetCore.Diagnostics;
using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// The last line of defence: an unexpected exception becomes problem JSON on <c>/api</c> and <c>/webhooks</c>, and a
/// small readable HTML page everywhere a person may be looking. Logged by type and path only (an exception message
/// may quote a response body); never a stack trace in the answer.
/// </summary>
internal static class ErrorHandling
{
    public static IApplicationBuilder UseWixErrorPages(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = HandleAsync,
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = _ => true,
        });

    private static Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Errors");
        HostLog.Unhandled(logger, error?.GetType().Name ?? "error", context.Request.Path.Value ?? "/");
        var status = context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status500InternalServerError;
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/webhooks", StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: status, title: status >= 500 ? "Server error" : "Bad request").ExecuteAsync(context);
        }

        return HtmlPage.Error(
            status >= 500 ? "Something went wrong" : "This request could not be handled",
            status >= 500 ? "The app's server hit an unexpected error and did not finish your request." : "The request was not valid.",
            "Try again in a minute. If you were installing the app, start the installation again from the Wix App Market.",
            status).ExecuteAsync(context);
    }
}
