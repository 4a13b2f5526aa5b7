using Wix.Auth.Packaging.Tests.Framework;
using Wix.Auth.Testing.Simulation;

namespace Wix.Auth.Packaging.Tests;

/// <summary>
/// samples/Wix.Auth.Samples.Worker built against the packed packages (not project references) and run against the
/// simulator: what we publish is what we test.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class WorkerSampleTests(PackedLibraries packed, SimulatorFixture wix) : IClassFixture<SimulatorFixture>
{
    private static readonly string SampleDirectory = Path.Combine(PackedLibraries.RepositoryRoot, "samples", "Wix.Auth.Samples.Worker");

    [Fact]
    public async Task The_worker_sample_builds_from_the_packages_and_calls_wix_by_client_credentials()
    {
        var output = await BuildAsync();
        var installed = wix.Control.CreateInstalledInstance();
        var removed = wix.Control.CreateInstalledInstance();
        wix.Control.Uninstall(removed);
        var before = wix.Control.Counters.ClientCredentials;

        var served = await RunAsync(output, installed);
        Assert.True(served.ExitCode == 0, string.Join('\n', served.Output));
        Assert.Contains(served.Output, l => l.Contains($"Instance {installed}: Get App Instance answered 200", StringComparison.Ordinal));
        Assert.Equal(before + 1, wix.Control.Counters.ClientCredentials);

        var refused = await RunAsync(output, removed);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(refused.Output, l => l.Contains($"Instance {removed}: no token", StringComparison.Ordinal));
        Assert.DoesNotContain(refused.Output.Concat(served.Output), l => l.Contains(wix.Control.AppSecret, StringComparison.Ordinal));
    }

    private async Task<string> BuildAsync()
    {
        var output = Path.Combine(packed.Folder, "worker-bin");
        var (exitCode, log) = await DotnetCommand.RunAsync(
            SampleDirectory,
            ["build", "-c", "Release", "-o", output, $"-p:WixAuthVersion={packed.Version}", $"-p:RestoreAdditionalProjectSources={packed.Folder}", "-nologo"],
            TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, string.Join('\n', log));

        // Built from the packages: the library assemblies came from the packed version, not from the repository's projects.
        Assert.Contains(log, l => l.Contains("Build succeeded", StringComparison.Ordinal));
        var assets = await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "obj", "project.assets.json"));
        Assert.Contains($"\"Wix.Auth.Basic/{packed.Version}\"", assets, StringComparison.Ordinal);
        Assert.Contains($"\"Wix.Auth.Core/{packed.Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        return output;
    }

    private Task<(int ExitCode, IReadOnlyList<string> Output)> RunAsync(string output, string instanceId) =>
        DotnetCommand.RunAsync(
            output,
            [Path.Combine(output, "Wix.Auth.Samples.Worker.dll")],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string>
            {
                ["Wix__AppId"] = wix.Control.AppId,
                ["Wix__AppSecret"] = wix.Control.AppSecret,
                ["Wix__ApiBaseUrl"] = wix.Simulator.BaseUrl.ToString(),
                ["Report__InstanceIds__0"] = instanceId,
                ["Report__Once"] = "true",
                ["Logging__Console__FormatterName"] = "simple",
            });
}
