using System.Net;
using System.Text.RegularExpressions;

namespace Wix.Auth.Advanced.Tests.Framework;

/// <summary>
/// A browser without a browser: a cookie jar, redirects followed by hand, the installer's consent form submitted.
/// Stops where a test wants to step in (at our callback), so the callback can be replayed, tampered with or raced.
/// </summary>
internal sealed partial class TestBrowser : IDisposable
{
    private readonly HttpClient _client;

    public TestBrowser()
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => _client;

    /// <summary>Follows <paramref name="start"/> through the consent page and returns the callback URL Wix sends the browser to, unvisited.</summary>
    public async Task<Uri> RunUntilCallbackAsync(Uri start, string callbackPath = "/oauth/callback")
    {
        var url = start;
        for (var step = 0; step < 20; step++)
        {
            using var response = await _client.GetAsync(url);
            if (response.Headers.Location is { } location)
            {
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (url.AbsolutePath == callbackPath)
                {
                    return url;
                }

                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            var form = ConsentForm().Match(body);
            Assert.True(form.Success, $"Expected the consent page at {url.AbsolutePath}, got {(int)response.StatusCode}: {body}");
            var fields = HiddenInput().Matches(form.Groups["inner"].Value)
                .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));
            using var consent = await _client.PostAsync(new Uri(url, WebUtility.HtmlDecode(form.Groups["action"].Value)), new FormUrlEncodedContent(fields));
            var next = consent.Headers.Location ?? throw new InvalidOperationException($"Consent answered {(int)consent.StatusCode} without a redirect.");
            url = next.IsAbsoluteUri ? next : new Uri(url, next);
            if (url.AbsolutePath == callbackPath)
            {
                return url;
            }
        }

        throw new InvalidOperationException("The redirect chain did not reach the callback.");
    }

    public Task<HttpResponseMessage> GetAsync(Uri url) => _client.GetAsync(url);

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("""<form[^>]*method="post"[^>]*action="(?<action>[^"]+)"[^>]*>(?<inner>(?:(?!</form>).)*)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ConsentForm();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
