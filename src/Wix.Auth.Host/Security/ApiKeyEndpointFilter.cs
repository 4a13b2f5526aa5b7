using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Security;

/// <summary>Answers 401 problem JSON (with <c>WWW-Authenticate: Bearer</c>) to a request without a valid API key.</summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyValidator validator, ILogger<ApiKeyEndpointFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!validator.IsAuthorized(context.HttpContext.Request))
        {
            // The path is a route template value at most (an instance ID), never the key or a query.
            HostLog.ApiKeyRejected(logger, context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress?.ToString());
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or invalid API key",
                detail: "Send one of the configured WixAuth:ApiKeys as 'Authorization: Bearer <key>'.");
        }

        return await next(context);
    }
}
