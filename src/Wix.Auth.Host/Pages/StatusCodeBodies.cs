namespace Wix.Auth.Host.Pages;

/// <summary>
/// A body for every bare error status (an unknown path's 404, a wrong method's 405 — which keeps its <c>Allow</c>
/// header — and any other error answered without one): problem JSON under <c>/api</c> and <c>/webhooks</c>, where
/// programs call, and a readable page everywhere a person may be looking.
/// </summary>
internal static class StatusCodeBodies
{
    public static IApplicationBuilder UseStatusCodeBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => Describe(context.HttpContext).ExecuteAsync(context.HttpContext));

    private static IResult Describe(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var path = context.Request.Path;
        var (title, whatHappened, whatToDo) = status switch
        {
            StatusCodes.Status404NotFound => ("Page not found", "There is nothing at this address.", "Check the address, or start from the server's home page."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"This address does not answer {context.Request.Method}; it answers {context.Response.Headers.Allow}.", "Use the method shown, as the API reference describes."),
            _ => ("Request not handled", "The request could not be handled.", "Check the request and try again."),
        };
        if (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/webhooks", StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: status, title: title, detail: whatHappened);
        }

        return HtmlPage.Error(title, whatHappened, whatToDo, status);
    }
}
