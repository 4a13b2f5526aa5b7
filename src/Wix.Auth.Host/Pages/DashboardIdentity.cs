using Wix.Auth.Host.Logging;

namespace Wix.Auth.Host.Pages;

/// <summary>The dashboard page's two ways in, both ending in a verified <see cref="WixIdentity"/> or an error page.</summary>
internal static class DashboardIdentity
{
    private const string LogCategory = "Wix.Auth.Host.Dashboard";
    private const string BearerPrefix = "Bearer ";

    public static (WixIdentity? Identity, IResult? Refusal) FromSignedInstance(IWixInstanceVerifier verifier, string instance, ILoggerFactory loggers)
    {
        try
        {
            return (WixIdentity.FromSignedInstance(verifier.Verify(instance)), null);
        }
        catch (WixInstanceVerificationException ex)
        {
            HostLog.DashboardInstanceRejected(loggers.CreateLogger(LogCategory), ex.Kind.ToString());
            return (null, NotValid("The signed instance in the address could not be verified: it was altered, is malformed or belongs to another app."));
        }
    }

    public static async Task<(WixIdentity? Identity, IResult? Refusal)> FromAccessTokenAsync(
        IWixAccessTokenVerifier verifier,
        string authorization,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var token = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : authorization.Trim();
        try
        {
            return (await verifier.VerifyAsync(token, cancellationToken), null);
        }
        catch (WixAccessTokenVerificationException ex) when (ex.Kind == WixAccessTokenVerificationErrorKind.Unavailable)
        {
            return (null, HtmlPage.Error(
                "Temporarily unavailable",
                "Wix could not be asked who you are right now.",
                "Reload the page in a minute.",
                StatusCodes.Status503ServiceUnavailable));
        }
        catch (WixAccessTokenVerificationException ex)
        {
            HostLog.DashboardInstanceRejected(loggers.CreateLogger(LogCategory), ex.Kind.ToString());
            return (null, NotValid("The Wix access token could not be verified: it expired, was revoked or belongs to another app."));
        }
    }

    private static IResult NotValid(string why) => HtmlPage.Error(
        "This link is not valid",
        why,
        "Open the app again from your site's dashboard on Wix.",
        StatusCodes.Status401Unauthorized);
}
