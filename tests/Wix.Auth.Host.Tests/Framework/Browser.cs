using Microsoft.Playwright;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>Debian's chromium driven by Playwright; never a downloaded browser.</summary>
internal static class Browser
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var chromium = TestEnvironment.ChromiumPath;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"chromium not found at {chromium}; install Debian's chromium (scripts/test.sh does) or set WIXAUTH_TEST_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        return (playwright, browser);
    }
}
