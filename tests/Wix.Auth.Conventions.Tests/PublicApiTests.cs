using System.Reflection;
using PublicApiGenerator;

namespace Wix.Auth.Conventions.Tests;

/// <summary>
/// The public API of every shipped library, recorded in <c>PublicApi/&lt;assembly&gt;.approved.txt</c> and compared
/// on every run, so that a change of the public surface is a visible diff in review rather than a surprise for users.
/// When a change is intended, the failing test writes <c>&lt;assembly&gt;.received.txt</c> beside the approved file:
/// review it and move it over the approved one (or run the tests with <c>WIXAUTH_ACCEPT_PUBLIC_API=1</c>).
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(WixAuthOptions).Assembly,
        typeof(Wix.Auth.Basic.ClientCredentialsStrategy).Assembly,
        typeof(Wix.Auth.Advanced.WixInstallationRemovedException).Assembly,
        typeof(Wix.Auth.PostgreSql.WixPostgresStoreOptions).Assembly,
        typeof(Wix.Auth.AspNetCore.WixAccessTokenDefaults).Assembly,
        typeof(Wix.Auth.Simulator.WixSimulator).Assembly,
    ];

    public static TheoryData<string> Assemblies => new(Shipped.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_api_is_the_approved_one(string assembly)
    {
        var actual = Normalise(Shipped.Single(a => a.GetName().Name == assembly).GeneratePublicApi(new ApiGeneratorOptions
        {
            // Versions and build metadata change on every release; what a user can call is what is recorded.
            IncludeAssemblyAttributes = false,
        }));
        var folder = Path.Combine(RepositoryRoot, "tests", "Wix.Auth.Conventions.Tests", "PublicApi");
        var approvedPath = Path.Combine(folder, assembly + ".approved.txt");
        var receivedPath = Path.Combine(folder, assembly + ".received.txt");
        var approved = File.Exists(approvedPath) ? Normalise(File.ReadAllText(approvedPath)) : string.Empty;
        if (actual == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable("WIXAUTH_ACCEPT_PUBLIC_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(
            $"The public API of {assembly} changed. Review tests/Wix.Auth.Conventions.Tests/PublicApi/{assembly}.received.txt " +
            $"against {assembly}.approved.txt; if the change is intended, replace the approved file with it.\n" + FirstDifference(approved, actual));
    }

    private static string FirstDifference(string approved, string actual)
    {
        var expectedLines = approved.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var expected = i < expectedLines.Length ? expectedLines[i] : "(end of file)";
            var found = i < actualLines.Length ? actualLines[i] : "(end of file)";
            if (expected != found)
            {
                return $"First difference at line {i + 1}:\n  approved: {expected}\n  actual:   {found}";
            }
        }

        return string.Empty;
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot
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
}
