using System.Reflection;
using Wix.Auth.Basic;

namespace Wix.Auth.Conventions.Tests;

/// <summary>Style habits 1, 2 and 7 (docs/style.md), asserted so nobody has to remember them. Add assemblies as packages appear.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly[] Known =
    [
        typeof(WixAuthOptions).Assembly,
        typeof(ClientCredentialsStrategy).Assembly,
        typeof(Wix.Auth.Advanced.IWixInstallationStore).Assembly,
        typeof(Wix.Auth.PostgreSql.WixPostgresStoreOptions).Assembly,
        typeof(Wix.Auth.Simulator.WixSimulator).Assembly,
        typeof(Wix.Auth.AspNetCore.WixAccessTokenDefaults).Assembly,
        Assembly.Load("Wix.Auth.Host"),
    ];

    public static TheoryData<string> Assemblies => new(Known.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_classes_are_sealed_or_static(string assembly)
    {
        var offenders = PublicTypes(assembly)
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed) && !t.IsAbstract)
            .Where(t => !IsAuthenticationEvents(t))
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
            // Authentication events keep the framework's shape (OAuthEvents.CreatingTicket(context)).
            .Where(m => !IsAuthenticationEvents(m.DeclaringType!))
            // IAsyncDisposable.DisposeAsync has its shape fixed by the framework.
            .Where(m => !(m.Name == nameof(IAsyncDisposable.DisposeAsync) && m.GetParameters().Length == 0))
            .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal)
                || m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}");
        Assert.Empty(offenders);
    }

    // The entry point of a web app is generated public by the ASP.NET Core SDK (for test hosts); it is not our API.
    private static IEnumerable<Type> PublicTypes(string assembly) =>
        Known.Single(a => a.GetName().Name == assembly).GetExportedTypes().Where(t => t is not { Namespace: null, Name: "Program" });

    /// <summary>
    /// Events classes of an authentication handler are made to be derived from (named by <c>EventsType</c>), as the
    /// framework's <c>OAuthEvents</c> is: not sealed, and their virtual methods take the event's context only.
    /// </summary>
    private static bool IsAuthenticationEvents(Type type) =>
        typeof(Microsoft.AspNetCore.Authentication.RemoteAuthenticationEvents).IsAssignableFrom(type);

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));
}
