using Wix.Auth.Packaging.Tests.Framework;
using Wix.Auth.Testing.Postgres;

namespace Wix.Auth.Packaging.Tests;

/// <summary>
/// samples/Wix.Auth.Samples.WebApp (the README's embedding example) and its own tests, built against the packed
/// packages and run by <c>dotnet test</c> as an app team runs them: the handshake, the token handler and the
/// access-token scheme of the packages, against the packed simulator, on a real PostgreSQL database.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class WebAppSampleTests(PackedLibraries packed, PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string TestsDirectory = Path.Combine(PackedLibraries.RepositoryRoot, "samples", "Wix.Auth.Samples.WebApp.Tests");

    [Fact]
    public async Task The_web_app_sample_and_its_tests_build_from_the_packages_and_pass_against_the_packed_simulator()
    {
        var results = Path.Combine(packed.Folder, "webapp-results");
        var (exitCode, output) = await DotnetCommand.RunAsync(
            TestsDirectory,
            ["test", "-c", "Release", $"-p:WixAuthVersion={packed.Version}", $"-p:RestoreAdditionalProjectSources={packed.Folder}", "--logger", "trx", "--results-directory", results, "-nologo"],
            TimeSpan.FromMinutes(8),
            new Dictionary<string, string> { ["WIXAUTH_SAMPLE_POSTGRES"] = database.ConnectionString });

        Assert.True(exitCode == 0, string.Join('\n', output));
        var trx = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(results, "*.trx")));
        Assert.Contains("passed=\"2\"", trx, StringComparison.Ordinal);
        Assert.Contains("failed=\"0\"", trx, StringComparison.Ordinal);

        // Built from the packages: every Wix.Auth assembly came from the packed version, the simulator included.
        foreach (var project in new[] { "Wix.Auth.Samples.WebApp", "Wix.Auth.Samples.WebApp.Tests" })
        {
            var assets = await File.ReadAllTextAsync(Path.Combine(PackedLibraries.RepositoryRoot, "samples", project, "obj", "project.assets.json"));
            Assert.Contains($"\"Wix.Auth.Advanced/{packed.Version}\"", assets, StringComparison.Ordinal);
            Assert.Contains($"\"Wix.Auth.AspNetCore/{packed.Version}\"", assets, StringComparison.Ordinal);
        }

        var testAssets = await File.ReadAllTextAsync(Path.Combine(TestsDirectory, "obj", "project.assets.json"));
        Assert.Contains($"\"Wix.Auth.Simulator/{packed.Version}\"", testAssets, StringComparison.Ordinal);
        Assert.DoesNotContain(output, l => l.Contains("AppSecret", StringComparison.Ordinal));
    }
}
