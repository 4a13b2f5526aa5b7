namespace Wix.Auth.Host.Security;

/// <summary>Answers 401 problem JSON (with <c>WWW-Authenticate: Bearer</c>) to a request without a valid API key.</summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyValidator validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!validator.IsAuthorized(context.HttpContext.Request))
        {
            return Unauthorized(context.HttpContext);
        }

        return await next(context);
    }

    /// <summary>The 401 every key-protected path answers, also outside route handlers (the metrics endpoint).</summary>
    public static IResult Unauthorized(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or invalid API key",
            detail: "Send one of the configured WixAuth:ApiKeys as 'Authorization: Bearer <key>'.");
    }
}
