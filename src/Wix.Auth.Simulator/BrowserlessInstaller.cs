using System.Net;
using System.Text.RegularExpressions;

namespace Wix.Auth.Simulator;

/// <summary>The pages a <see cref="BrowserlessInstaller"/> went through, and where it ended.</summary>
/// <param name="Visited">Every URL requested, in order (GETs and the consent POST).</param>
/// <param name="FinalUrl">The URL of the last response (not a redirect).</param>
/// <param name="FinalStatus">Its status code.</param>
/// <param name="FinalBody">Its body.</param>
public sealed record BrowserlessInstallResult(IReadOnlyList<Uri> Visited, Uri FinalUrl, HttpStatusCode FinalStatus, string FinalBody)
{
    /// <summary>The first visited URL carrying a <c>code</c> query parameter: the app's OAuth callback, if reached.</summary>
    public Uri? CallbackUrl => Visited.FirstOrDefault(u => u.Query.Contains("code=", StringComparison.Ordinal));

    /// <summary>True when the browser ended on the simulator's "You can close this window" page.</summary>
    public bool ReachedCloseWindow =>
        FinalStatus == HttpStatusCode.OK && FinalUrl.AbsolutePath == "/installer/close-window";
}

/// <summary>
/// Drives an install like a user's browser, without a browser: follows redirects with cookies from a start URL
/// (an App Market link, or the app's own install URL), and on the installer's consent page submits the
/// "Agree &amp; add" form. Works against any app; the app only has to redirect the way Wix expects. Part of the
/// simulator package so that an app's own tests can install it end to end, the way a site owner would:
/// <c>await new BrowserlessInstaller().InstallAsync(simulator.CreateMarketInstallUrl())</c>.
/// </summary>
public sealed partial class BrowserlessInstaller : IDisposable
{
    private const int MaxSteps = 20;
    private readonly HttpClient _client;

    /// <summary>Creates a browser with its own cookie jar.</summary>
    public BrowserlessInstaller()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// The browser's cookie jar: what the app set (its correlation cookie between the App URL and the callback), to
    /// assert on or to replay a request with the cookies as they stood.
    /// </summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>Set to false to stop on the consent page instead of agreeing.</summary>
    public bool Agree { get; set; } = true;

    /// <summary>Follows <paramref name="startUrl"/> through the consent page until a page that is not a redirect.</summary>
    public Task<BrowserlessInstallResult> InstallAsync(Uri startUrl, CancellationToken cancellationToken = default) =>
        InstallAsync(startUrl, stopBefore: null, cancellationToken);

    /// <summary>
    /// Like <see cref="InstallAsync(Uri, CancellationToken)"/>, but does not follow a redirect to a URL matching
    /// <paramref name="stopBefore"/>: the result then ends on that URL (status 302, empty body, not requested), e.g. to
    /// replay or tamper with the app's callback. <see cref="RedirectToCallbackAsync"/> stops at the first URL with a <c>code</c>.
    /// </summary>
    public async Task<BrowserlessInstallResult> InstallAsync(Uri startUrl, Func<Uri, bool>? stopBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(startUrl);
        var visited = new List<Uri>();
        using var first = new HttpRequestMessage(HttpMethod.Get, startUrl);
        var response = await SendAsync(first, visited, cancellationToken).ConfigureAwait(false);
        for (var step = 0; step < MaxSteps; step++)
        {
            var url = response.RequestMessage!.RequestUri!;
            if (response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                response.Dispose();
                if (stopBefore?.Invoke(next) == true)
                {
                    visited.Add(next);
                    return new BrowserlessInstallResult(visited, next, HttpStatusCode.Redirect, string.Empty);
                }

                using var get = new HttpRequestMessage(HttpMethod.Get, next);
                response = await SendAsync(get, visited, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            response.Dispose();
            if (Agree && status == HttpStatusCode.OK && ConsentForm().Match(body) is { Success: true } form)
            {
                var action = new Uri(url, WebUtility.HtmlDecode(form.Groups["action"].Value));
                var fields = HiddenInput().Matches(form.Groups["inner"].Value)
                    .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
                    .ToList();
                using var post = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
                response = await SendAsync(post, visited, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return new BrowserlessInstallResult(visited, url, status, body);
        }

        response.Dispose();
        throw new InvalidOperationException($"More than {MaxSteps} steps; the redirect chain loops: {string.Join(" -> ", visited)}");
    }

    /// <summary>Runs the install up to the redirect to the app's callback (the first URL carrying <c>code</c>) and returns that URL.</summary>
    public async Task<Uri> RedirectToCallbackAsync(Uri startUrl, CancellationToken cancellationToken = default)
    {
        var result = await InstallAsync(startUrl, u => u.Query.Contains("code=", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        return result.FinalStatus == HttpStatusCode.Redirect
            ? result.FinalUrl
            : throw new InvalidOperationException($"The install ended at {result.FinalUrl} ({(int)result.FinalStatus}) without a callback redirect.");
    }

    /// <summary>Requests a URL with this browser's cookies (e.g. a callback obtained from <see cref="RedirectToCallbackAsync"/>), without following redirects.</summary>
    public async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken = default) =>
        await _client.GetAsync(url, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, List<Uri> visited, CancellationToken cancellationToken)
    {
        visited.Add(request.RequestUri!);
        return await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // The installer's consent form: the one whose submit button reads "Agree & add".
    [GeneratedRegex("""<form[^>]*method="post"[^>]*action="(?<action>[^"]+)"[^>]*>(?<inner>(?:(?!</form>).)*Agree &amp; add(?:(?!</form>).)*)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ConsentForm();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
