using System.Net;
using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Simulator.Internal;

/// <summary>The answer shapes Wix uses: RFC 6749 errors on OAuth endpoints, the standard Wix error elsewhere, small HTML pages.</summary>
internal static class Responses
{
    public static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    public static IResult WixError(int status, string code, string message) =>
        Results.Json(
            new Dictionary<string, object>
            {
                ["message"] = message,
                ["details"] = new Dictionary<string, object>
                {
                    ["applicationError"] = new Dictionary<string, string> { ["code"] = code, ["description"] = message },
                },
            },
            statusCode: status);

    public static IResult Page(string title, string bodyHtml, int status = 200) =>
        Results.Content(
            $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · Wix (simulated)</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#20303c{"}"}
            .card{"{"}border:1px solid #d6e0e8;border-radius:8px;padding:1.5rem{"}"}button{"{"}background:#116dff;color:#fff;border:0;border-radius:18px;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer{"}"}
            .muted{"{"}color:#5b6b78;font-size:.9rem{"}"}</style></head>
            <body><div class="card"><h1>{WebUtility.HtmlEncode(title)}</h1>{bodyHtml}</div>
            <p class="muted">Wix.Auth simulator: a local stand-in for Wix.</p></body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: status);
}
