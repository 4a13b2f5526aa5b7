namespace Wix.Auth.Host.Tests.Framework;

/// <summary>What the test script hands the tests through the environment.</summary>
internal static class TestEnvironment
{
    /// <summary>Debian's chromium; Playwright never downloads a browser.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("WIXAUTH_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("WIXAUTH_TEST_ARTIFACTS") is { Length: > 0 } value
                ? value
                : Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>The repository root (where Wix.Auth.sln is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wix.Auth.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Wix.Auth.sln not found above the test output directory.");
        }
    }

    /// <summary>The built server, launched as a separate process by the multi-process tests.</summary>
    public static string HostDllPath
    {
        get
        {
            // Same configuration as this test assembly (bin/<Configuration>/net10.0).
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(RepositoryRoot, "src", "Wix.Auth.Host", "bin", configuration, "net10.0", "Wix.Auth.Host.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The host is not built at {path}.");
        }
    }
}
