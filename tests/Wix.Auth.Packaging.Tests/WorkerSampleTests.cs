using Wix.Auth.Packaging.Tests.Framework;

namespace Wix.Auth.Packaging.Tests;

/// <summary>
/// samples/Wix.Auth.Samples.Worker and its own tests, built against the packed packages (not project references) and run
/// by <c>dotnet test</c> as an app team runs them: the worker's client credentials against the packed simulator.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class WorkerSampleTests(PackedLibraries packed)
{
    private static readonly string TestsDirectory = Path.Combine(PackedLibraries.RepositoryRoot, "samples", "Wix.Auth.Samples.Worker.Tests");

    [Fact]
    public async Task The_worker_sample_and_its_tests_build_from_the_packages_and_pass_against_the_packed_simulator()
    {
        var results = Path.Combine(packed.Folder, "worker-results");
        var (exitCode, output) = await DotnetCommand.RunAsync(
            TestsDirectory,
            ["test", "-c", "Release", $"-p:WixAuthVersion={packed.Version}", $"-p:RestoreAdditionalProjectSources={packed.Folder}", "--logger", "trx", "--results-directory", results, "-nologo"],
            TimeSpan.FromMinutes(8));

        Assert.True(exitCode == 0, string.Join('\n', output));
        var trx = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(results, "*.trx")));
        Assert.Contains("passed=\"2\"", trx, StringComparison.Ordinal);
        Assert.Contains("failed=\"0\"", trx, StringComparison.Ordinal);

        // Built from the packages: the worker's libraries and the tests' simulator came from the packed version.
        var assets = await File.ReadAllTextAsync(Path.Combine(PackedLibraries.RepositoryRoot, "samples", "Wix.Auth.Samples.Worker", "obj", "project.assets.json"));
        Assert.Contains($"\"Wix.Auth.Basic/{packed.Version}\"", assets, StringComparison.Ordinal);
        Assert.Contains($"\"Wix.Auth.Core/{packed.Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        var testAssets = await File.ReadAllTextAsync(Path.Combine(TestsDirectory, "obj", "project.assets.json"));
        Assert.Contains($"\"Wix.Auth.Simulator/{packed.Version}\"", testAssets, StringComparison.Ordinal);
        Assert.DoesNotContain(output, l => l.Contains("AppSecret", StringComparison.Ordinal));
    }
}
