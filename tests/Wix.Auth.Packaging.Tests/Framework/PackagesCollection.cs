namespace Wix.Auth.Packaging.Tests.Framework;

/// <summary>
/// One packing for every test class that needs the packages (packing is most of these tests' time), and one class at
/// a time, so two restores of the same fresh version never race in the package cache.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackedLibraries>
{
    public const string Name = "packed libraries";
}
