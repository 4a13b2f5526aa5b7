using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Pages;

/// <summary>Who may see the operator pages: a caller with an API key, or anyone when the server runs in Development.</summary>
internal static class OperatorGate
{
    /// <summary>Null when allowed; otherwise the 401 page to answer.</summary>
    public static IResult? Check(HttpContext context, IHostEnvironment environment, ApiKeyValidator apiKeys)
    {
        if (environment.IsDevelopment() || apiKeys.IsAuthorized(context.Request))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return HtmlPage.Error(
            "Sign-in required",
            "The operator view needs one of the server's API keys.",
            "Send 'Authorization: Bearer <key>', or run the server in Development.",
            StatusCodes.Status401Unauthorized);
    }
}
