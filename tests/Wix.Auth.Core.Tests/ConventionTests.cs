using System.Reflection;
using Wix.Auth.Basic;

namespace Wix.Auth.Core.Tests;

/// <summary>Style habits 1, 2 and 7 (docs/style.md), asserted so nobody has to remember them. Add assemblies as packages appear.</summary>
public sealed class ConventionTests
{
    public static TheoryData<string> Assemblies => new() { typeof(WixAuthOptions).Assembly.GetName().Name!, typeof(ClientCredentialsStrategy).Assembly.GetName().Name! };

    private static readonly Assembly[] Known = [typeof(WixAuthOptions).Assembly, typeof(ClientCredentialsStrategy).Assembly];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_classes_are_sealed_or_static(string assembly)
    {
        var offenders = PublicTypes(assembly)
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed) && !t.IsAbstract)
            .Select(t => t.FullName);
        Assert.Empty(offenders);
        Assert.Empty(PublicTypes(assembly).Where(t => t.IsClass && t.IsAbstract && !t.IsSealed).Select(t => t.FullName));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Types_in_internal_namespaces_are_not_public(string assembly)
    {
        Assert.Empty(PublicTypes(assembly).Where(t => t.Namespace?.Contains(".Internal", StringComparison.Ordinal) == true).Select(t => t.FullName));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_async_methods_end_in_Async_and_take_a_cancellation_token_last(string assembly)
    {
        var offenders = PublicTypes(assembly)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && IsAwaitable(m.ReturnType))
            .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal)
                || m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}");
        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> PublicTypes(string assembly) =>
        Known.Single(a => a.GetName().Name == assembly).GetExportedTypes();

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));
}
