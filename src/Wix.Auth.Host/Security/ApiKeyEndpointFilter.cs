using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Security;

/// <summary>Answers 401 problem JSON (with <c>WWW-Authenticate: Bearer</c>) to a request without a valid API key.</summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyValidator validator) : IEndpointFilter
{
    /// <summary>
    /// One filter for the endpoints being mapped, over the app's one validator: <c>AddEndpointFilter&lt;T&gt;</c> would
    /// build a filter (and resolve the validator) on every request of the token API's hot path.
    /// </summary>
    public static ApiKeyEndpointFilter For(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return new ApiKeyEndpointFilter(endpoints.ServiceProvider.GetRequiredService<ApiKeyValidator>());
    }

    /// <summary>Not async: an authorised request goes straight on to the next filter, without a state machine of its own.</summary>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return validator.IsAuthorized(context.HttpContext.Request)
            ? next(context)
            : ValueTask.FromResult<object?>(Unauthorized(context.HttpContext));
    }

    /// <summary>The 401 every key-protected path answers, also outside route handlers (the metrics endpoint).</summary>
    public static IResult Unauthorized(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A security event (checklist H2); the path is a route value at most (an instance ID), never the key or a query.
        HostLog.ApiKeyRejected(
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyEndpointFilter).FullName!),
            context.Request.Path,
            context.Connection.RemoteIpAddress?.ToString());
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or invalid API key",
            detail: "Send one of the configured WixAuth:ApiKeys as 'Authorization: Bearer <key>'.");
    }
}
