using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Wix.Auth.Host.Pages;

/// <summary>
/// The server's small HTML pages: one stylesheet, no script, every value HTML-encoded. Pages never echo a query
/// value back (a signed <c>instance</c> is a credential) and ask the browser not to send a Referer.
/// </summary>
internal static class HtmlPage
{
    private const string Style = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#1d2433}
        main{max-width:760px;margin:40px auto;padding:24px 28px;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}
        h1{font-size:22px;margin:0 0 12px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px}dt{color:#5a6478}dd{margin:0}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7ec;font-size:14px}
        .ok{color:#147a3d}.warn{color:#a15c00}.bad{color:#b42318}.hint{color:#5a6478}
        nav a{margin-right:14px}
        """;

    // All of Unicode passes unescaped (the page is UTF-8); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>One term and value of a status list (<c>&lt;dl&gt;</c>); <paramref name="valueHtml"/> must already be encoded.</summary>
    public static void DefinitionRow(StringBuilder html, string term, string valueHtml) =>
        html.Append("<dt>").Append(Encode(term)).Append("</dt><dd>").Append(valueHtml).Append("</dd>");

    /// <summary>A moment as every page shows it: UTC, to the second, encoded.</summary>
    public static string Time(DateTimeOffset at) => Encode(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));

    /// <summary>A complete page; <paramref name="bodyHtml"/> must already be encoded.</summary>
    public static IResult Render(string title, string bodyHtml, int statusCode = StatusCodes.Status200OK)
    {
        var html = new StringBuilder(1024)
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>")
            .Append(bodyHtml)
            .Append("</main></body></html>")
            .ToString();
        return new HtmlResult(html, statusCode);
    }

    /// <summary>An error page: what happened and what to do, never a stack trace.</summary>
    public static IResult Error(string title, string whatHappened, string whatToDo, int statusCode) =>
        Render(title, $"<p>{Encode(whatHappened)}</p><p class=\"hint\">{Encode(whatToDo)}</p>", statusCode);

    private sealed class HtmlResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors https://*.wix.com https://*.editorx.com 'self'";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
