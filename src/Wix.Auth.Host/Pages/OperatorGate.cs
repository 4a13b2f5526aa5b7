using Microsoft.Extensions.Options;
using Wix.Auth.Host.Logging;
using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// Who may see the operator pages: a caller with an API key, or anyone when <c>WixAuth:Operator:AllowAnonymous</c> is set
/// on purpose (local runs; warned about at start). The host environment never opens them.
/// </summary>
internal static class OperatorGate
{
    /// <summary>Null when allowed; otherwise the 401 page to answer (and a security event logged).</summary>
    public static IResult? Check(HttpContext context, ApiKeyValidator apiKeys)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<WixAuthHostOptions>>().Value.Operator.AllowAnonymous || apiKeys.IsAuthorized(context.Request))
        {
            return null;
        }

        HostLog.ApiKeyRejected(services.GetRequiredService<ILoggerFactory>().CreateLogger("Wix.Auth.Host.Operator"), context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return HtmlPage.Error(
            "Sign-in required",
            "The operator view needs one of the server's API keys.",
            "Send 'Authorization: Bearer <key>'.",
            StatusCodes.Status401Unauthorized);
    }
}
