using Wix.Auth.Packaging.Tests.Framework;

namespace Wix.Auth.Packaging.Tests;

/// <summary>
/// The server as the README publishes it: restored in locked mode (<c>CI=true</c>, so the committed lock files must
/// hold the runtime), published self-contained for linux-x64, and the program answers <c>--help</c> without a .NET
/// installation on the path. In the packing collection: the publish compiles the libraries the packing reads.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class PublishedServerTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("wixauth-publish-").FullName;

    [Fact]
    public async Task The_documented_publish_works_with_locked_restore_and_the_program_answers_help()
    {
        var project = Path.Combine("src", "Wix.Auth.Host");
        var restore = await DotnetCommand.RunAsync(
            PackedLibraries.RepositoryRoot, ["restore", project, "-nologo"], TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["CI"] = "true" });
        Assert.True(restore.ExitCode == 0, string.Join('\n', restore.Output));

        var publish = await DotnetCommand.RunAsync(
            PackedLibraries.RepositoryRoot,
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "--no-restore", "-o", _output, "-nologo"],
            TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, string.Join('\n', publish.Output));

        // Self-contained: the program runs with nothing of .NET on the path or in DOTNET_ROOT.
        var help = await DotnetCommand.RunAsync(
            _output,
            ["--help"],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_ROOT"] = Path.Combine(_output, "no-dotnet-here") },
            program: Path.Combine(_output, "Wix.Auth.Host"));
        Assert.True(help.ExitCode == 0, string.Join('\n', help.Output));
        Assert.Contains(help.Output, l => l.StartsWith("usage: Wix.Auth.Host", StringComparison.Ordinal));
        Assert.Contains(help.Output, l => l.TrimStart().StartsWith("migrate ", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_output, "libcoreclr.so")), "the runtime is not in the published folder");
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
