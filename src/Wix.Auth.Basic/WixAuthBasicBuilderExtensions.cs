using Microsoft.Extensions.DependencyInjection.Extensions;
using Wix.Auth;
using Wix.Auth.Basic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Basic OAuth (client credentials) strategy.</summary>
public static class WixAuthBasicBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ClientCredentialsStrategy"/> as itself (so a composite strategy can fall back to it)
    /// and, unless another strategy is already registered, as the <see cref="IWixAuthStrategy"/>.
    /// </summary>
    public static WixAuthBuilder AddClientCredentials(this WixAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ClientCredentialsStrategy>();
        builder.Services.TryAddSingleton<IWixAuthStrategy>(static sp => sp.GetRequiredService<ClientCredentialsStrategy>());
        return builder;
    }
}
