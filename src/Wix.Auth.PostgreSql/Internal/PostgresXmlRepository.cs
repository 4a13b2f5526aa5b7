using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The Data Protection key ring in <c>wix_data_protection_keys</c>, so every process sharing the database shares
/// the keys. Rows are only added, never deleted: old keys must stay readable for old ciphertext. A row is rewritten only
/// by <c>rotate-key-certificate</c>, which re-encrypts the same key under a new certificate.
/// </summary>
internal sealed class PostgresXmlRepository(WixPostgresDataSource dataSource) : IWixRewritableXmlRepository
{
    // IXmlRepository is synchronous by contract (the key ring is read rarely and cached by Data Protection).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.DataSource.OpenConnection();
        return connection.Query<string>("SELECT xml FROM wix_data_protection_keys ORDER BY id")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = dataSource.DataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO wix_data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    public async Task<bool> ReplaceElementAsync(XElement current, XElement replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Compare-and-swap on the stored text (written by StoreElement in this same form): a concurrent rotation wins once.
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE wix_data_protection_keys SET xml = @replacement WHERE xml = @current",
            new { current = current.ToString(SaveOptions.DisableFormatting), replacement = replacement.ToString(SaveOptions.DisableFormatting) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return updated == 1;
    }
}
