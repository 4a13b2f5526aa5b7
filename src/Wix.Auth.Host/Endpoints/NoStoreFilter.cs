namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// <c>Cache-Control: no-store</c> on every answer that carries a token or token-derived data (checklist H4),
/// set before the handler runs so error answers carry it too. One instance for every endpoint (it holds nothing):
/// <c>AddEndpointFilter&lt;T&gt;</c> would build a new one on every request.
/// </summary>
internal sealed class NoStoreFilter : IEndpointFilter
{
    public static readonly NoStoreFilter Instance = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        return next(context);
    }
}
