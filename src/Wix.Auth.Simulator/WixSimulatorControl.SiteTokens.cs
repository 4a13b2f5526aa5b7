using System.Globalization;

namespace Wix.Auth.Simulator;

// Dashboard users, members and visitors (wix-protocol.md §9, §16): their tokens, and the dashboard iframe URL.
public sealed partial class WixSimulatorControl
{
    /// <summary>Every call the API gateway let through, oldest first, with the identity its token carried.</summary>
    public IReadOnlyList<WixSimulatedApiCall> ApiCalls => Journal.ApiCalls;

    /// <summary>
    /// Issues the token Wix hands an app's frontend on <paramref name="instanceId"/>'s site: a dashboard user's (what
    /// <c>dashboard.auth()</c> returns), a member's or a visitor's. Token Info describes it; uninstalling the app ends it.
    /// </summary>
    /// <param name="instanceId">An instance of this simulator.</param>
    /// <param name="subjectType">Who the token represents.</param>
    /// <param name="subjectId">The user, member or visitor ID; a fresh one when null.</param>
    /// <param name="lifetime">Until expiry; <see cref="WixSimulatorOptions.SiteTokenLifetime"/> when null.</param>
    /// <param name="clientId">The app the token is for; another app's ID makes a foreign token. This app when null.</param>
    public string IssueSiteToken(string instanceId, WixSimulatedSubjectType subjectType, string? subjectId = null, TimeSpan? lifetime = null, string? clientId = null)
    {
        var instance = Sites.Get(instanceId);
        if (!instance.Installed)
        {
            throw new InvalidOperationException($"Instance {instanceId} is not installed.");
        }

        var type = subjectType switch
        {
            WixSimulatedSubjectType.User => "USER",
            WixSimulatedSubjectType.Member => "MEMBER",
            WixSimulatedSubjectType.Visitor => "VISITOR",
            _ => throw new ArgumentOutOfRangeException(nameof(subjectType)),
        };
        return Tokens.NewAccessToken(instanceId, lifetime ?? Options.SiteTokenLifetime, type, subjectId ?? Guid.NewGuid().ToString(), clientId).Token;
    }

    /// <summary>
    /// The app's dashboard page as Wix opens it in an iframe: <see cref="WixSimulatorOptions.DashboardUrl"/> with a
    /// fresh signed <c>instance</c>, <c>locale</c>, <c>cacheKiller</c>, <c>viewMode=dashboard</c>, <c>isPublish</c>,
    /// <c>containerProtocol</c> and <c>siteUrl</c>.
    /// </summary>
    public Uri CreateDashboardUrl(string instanceId, string locale = "en")
    {
        var dashboard = Options.DashboardUrl ?? throw new InvalidOperationException("The simulator has no DashboardUrl configured.");
        var instance = Sites.Get(instanceId);
        var query = new Dictionary<string, string>
        {
            ["instance"] = CreateSignedInstance(instanceId),
            ["locale"] = locale,
            ["cacheKiller"] = Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["viewMode"] = "dashboard",
            ["isPublish"] = "true",
            ["containerProtocol"] = "https",
            ["siteUrl"] = $"https://site-{instance.SiteId[..8]}.example.test/",
        };
        var separator = string.IsNullOrEmpty(dashboard.Query) ? "?" : "&";
        return new Uri(dashboard.AbsoluteUri + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }
}
