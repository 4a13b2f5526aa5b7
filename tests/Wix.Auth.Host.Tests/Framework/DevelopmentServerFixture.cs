namespace Wix.Auth.Host.Tests.Framework;

/// <summary>The server as <c>scripts/run.sh</c> runs it: Development, with the landing page and the open operator view.</summary>
public sealed class DevelopmentServerFixture : ServerFixture
{
    protected override string[] Arguments => ["--environment", "Development"];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("WixAuth:AdvancedOAuth:InstallAgainUrl", new Uri(Simulator.BaseUrl, "/_simulator/market/install").ToString())];
}
