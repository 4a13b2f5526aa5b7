using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>
/// The small self-contained HTML pages of the handshake: no script, no external resource (nothing for a Referer to leak
/// to), no exception detail. Every value is HTML-encoded.
/// </summary>
internal static class HandshakePages
{
    // The same look as the server's other pages (Wix.Auth.Host's HtmlPage); inline, as the page loads nothing.
    private const string Style = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#1d2433}
        main{max-width:760px;margin:40px auto;padding:24px 28px;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}
        h1{font-size:22px;margin:0 0 12px}.hint{color:#5a6478}
        a.button{display:inline-block;background:#116dff;color:#fff;border-radius:18px;padding:8px 18px;text-decoration:none}
        """;

    public static (int Status, string Title, string Message) Describe(HandshakeOutcome outcome) => outcome switch
    {
        HandshakeOutcome.MalformedParameters => (400, "Invalid request", "The installation link is malformed or too long. Please start the installation again from Wix."),
        HandshakeOutcome.StateMissing => (400, "Invalid request", "The installation link has no state parameter. Please start the installation again from Wix."),
        HandshakeOutcome.StateInvalid => (400, "Invalid request", "The installation state is invalid. Please start the installation again from Wix."),
        HandshakeOutcome.StateExpired => (400, "Installation expired", "The installation took too long and expired. Please start the installation again from Wix."),
        HandshakeOutcome.CorrelationFailed => (400, "Invalid request", "This installation was not started in this browser, or was already used. Please start the installation again from Wix."),
        HandshakeOutcome.CodeMissing => (400, "Invalid request", "Wix did not send an authorization code. Please start the installation again from Wix."),
        HandshakeOutcome.InstanceIdMissing => (400, "Invalid request", "Wix did not send an instance ID. Please start the installation again from Wix."),
        HandshakeOutcome.AccessDenied => (403, "Installation cancelled", "You cancelled the install, so the app was not added to your site. You can start it again from Wix at any time."),
        HandshakeOutcome.WixError => (400, "Installation failed", "Wix reported an error during the installation. Please start the installation again from Wix."),
        HandshakeOutcome.CodeRejected => (400, "Installation failed", "Wix rejected the authorization code (it may have expired or been used). Please start the installation again from Wix."),
        HandshakeOutcome.ExchangeFailed => (502, "Installation incomplete", "Wix could not be reached to finish the installation. The app is installed and keeps working; if a feature is missing, reinstall the app from Wix in a few minutes."),
        HandshakeOutcome.AlreadyCompleted => (200, "Installation already completed", "This installation has already been completed. You can close this window."),
        HandshakeOutcome.PersistFailed => (500, "Installation incomplete", "The app was installed, but we could not save its authorization. The app keeps working; if a feature is missing, reinstall the app from Wix."),
        HandshakeOutcome.TicketInvalid => (400, "Invalid request", "The onboarding link is invalid, expired or was already used. Please open the app from your Wix dashboard."),
        HandshakeOutcome.InstanceMismatch => (403, "Installation refused", "The authorization Wix issued does not belong to the site named in this link, so nothing was saved or changed. Please start the installation again from Wix."),
        HandshakeOutcome.InstanceUnverified => (503, "Installation not finished", "Wix could not confirm which site this installation is for, so nothing was saved. Please start the installation again from Wix in a few minutes."),
        _ => (400, "Invalid request", "The request could not be processed."),
    };

    /// <param name="context">The request to answer.</param>
    /// <param name="outcome">What happened.</param>
    /// <param name="detail">Text from the request shown to help support (Wix's error code); untrusted, so encoded like the rest.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(HttpContext context, HandshakeOutcome outcome, CancellationToken cancellationToken, string? detail = null)
    {
        var (status, title, message) = Describe(outcome);
        var encoder = HtmlEncoder.Default;
        var shown = string.IsNullOrEmpty(detail) ? string.Empty : $"<p class=\"hint\">Wix's error code: <code>{encoder.Encode(detail)}</code></p>";
        var again = context.RequestServices.GetService<IOptionsMonitor<WixOAuthOptions>>()?.Get(WixOAuthDefaults.AuthenticationScheme).InstallAgainUrl;

        // Success-like pages (already completed) need no way back; every failure offers one.
        var next = status < 400
            ? string.Empty
            : again is null
                ? "<p class=\"hint\">Open the app from the Wix App Market or your site's dashboard to start again.</p>"
                : $"<p><a class=\"button\" href=\"{encoder.Encode(again.AbsoluteUri)}\">Start the installation again</a></p>";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <meta name="referrer" content="no-referrer"><title>{encoder.Encode(title)}</title><style>{Style}</style></head>
            <body><main><h1>{encoder.Encode(title)}</h1><p>{encoder.Encode(message)}</p>{shown}{next}</main></body></html>
            """;
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        HandshakeHeaders.Apply(response);
        await response.WriteAsync(html, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A redirect to a clean, configured URL.</summary>
    public static void Redirect(HttpContext context, string location)
    {
        HandshakeHeaders.Apply(context.Response);
        context.Response.StatusCode = (int)HttpStatusCode.Found;
        context.Response.Headers.Location = location;
    }
}
