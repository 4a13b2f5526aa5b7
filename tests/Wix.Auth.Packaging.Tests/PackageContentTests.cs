using System.IO.Compression;
using System.Xml.Linq;
using Wix.Auth.Packaging.Tests.Framework;

namespace Wix.Auth.Packaging.Tests;

/// <summary>What `dotnet pack` produces is what a NuGet user expects of a library.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageContentTests(PackedLibraries packed)
{
    public static TheoryData<string> Packages => new(PackedLibraries.Packages);

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_carries_its_readme_license_xml_docs_and_symbols(string package)
    {
        var nupkg = Path.Combine(packed.Folder, $"{package}.{packed.Version}.nupkg");
        Assert.True(File.Exists(Path.Combine(packed.Folder, $"{package}.{packed.Version}.snupkg")), "no symbol package");
        using var archive = ZipFile.OpenRead(nupkg);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains($"lib/net10.0/{package}.dll", entries);
        Assert.Contains($"lib/net10.0/{package}.xml", entries);
        Assert.Contains("LICENSE", entries);

        using var nuspecStream = archive.GetEntry($"{package}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        var readme = Value("readme");
        Assert.False(string.IsNullOrEmpty(readme), "no package README");
        Assert.Contains(readme!, entries);
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));

        // Nothing a package depends on is a test or benchmark project.
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!);
        Assert.DoesNotContain(dependencies, id => id.Contains("Test", StringComparison.Ordinal) || id.Contains("Bench", StringComparison.Ordinal) || id == "xunit");
    }
}
