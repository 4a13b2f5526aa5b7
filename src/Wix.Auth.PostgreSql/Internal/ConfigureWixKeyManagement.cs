using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>Points Data Protection at the PostgreSQL key ring; the certificate encryption of the keys is Advanced's.</summary>
internal sealed class ConfigureWixKeyManagement(IServiceProvider services) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options) =>
        options.XmlRepository = services.GetRequiredService<PostgresXmlRepository>();
}
