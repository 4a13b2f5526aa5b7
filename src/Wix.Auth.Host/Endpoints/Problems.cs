namespace Wix.Auth.Host.Endpoints;

/// <summary>The API's RFC 7807 answers, worded once so every endpoint says the same thing.</summary>
internal static class Problems
{
    public static IResult InstanceNotFound() => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Instance not installed",
        detail: "The app is not installed on this instance, or it was removed.");

    public static IResult WixUnavailable(HttpContext context, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = (int)Math.Clamp(Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds), 1, 300);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Wix is unavailable",
            detail: "Wix could not be reached or is overloaded. Retry after the time in Retry-After.");
    }

    public static IResult WixRefused(WixTokenException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Results.Problem(
            statusCode: StatusCodes.Status502BadGateway,
            title: "Wix refused the token request",
            detail: "Wix refused to issue a token for this instance. See the error code and request ID.",
            extensions: new Dictionary<string, object?>
            {
                ["kind"] = exception.Kind.ToString(),
                ["error"] = exception.Error,
                ["wix_request_id"] = exception.RequestId,
            });
    }

    public static IResult DatabaseUnavailable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "5";
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage unavailable",
            detail: "The database could not be reached. Retry shortly.");
    }
}
