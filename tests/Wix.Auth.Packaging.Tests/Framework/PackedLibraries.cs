namespace Wix.Auth.Packaging.Tests.Framework;

/// <summary>
/// The shipped libraries packed, from the Release build the test script made, into a folder of their own under a
/// version no other run uses (so NuGet's package cache can never hand a sample an older build). Removed afterwards,
/// from the folder and from the package cache.
/// </summary>
public sealed class PackedLibraries : IAsyncLifetime
{
    /// <summary>Every library we publish, as the packages an app team installs.</summary>
    public static readonly string[] Packages = ["Wix.Auth.Core", "Wix.Auth.Basic", "Wix.Auth.Advanced", "Wix.Auth.PostgreSql", "Wix.Auth.AspNetCore", "Wix.Auth.Simulator"];

    public string Folder { get; } = Directory.CreateTempSubdirectory("wixauth-packages-").FullName;

    public string Version { get; } = $"0.0.0-test.{DateTimeOffset.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wix.Auth.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Wix.Auth.sln not found above the test binaries.");
        }
    }

    public async Task InitializeAsync()
    {
        foreach (var package in Packages)
        {
            // --no-build: the very binaries the other tests ran against, and no rebuild under tests running in parallel.
            var (exitCode, output) = await DotnetCommand.RunAsync(
                RepositoryRoot,
                ["pack", Path.Combine("src", package, package + ".csproj"), "-c", "Release", "--no-build", "-o", Folder, $"-p:Version={Version}", "-nologo"],
                TimeSpan.FromMinutes(3));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {package} failed:\n{string.Join('\n', output)}");
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages)
        {
            var restored = Path.Combine(cache, package.ToLowerInvariant(), Version);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}
