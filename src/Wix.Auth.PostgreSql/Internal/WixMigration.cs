using System.Security.Cryptography;
using System.Text;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>One numbered SQL file from <c>db/migrations</c>, as embedded in the assembly.</summary>
internal sealed record WixMigration(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Wix.Auth.Migrations.";

    /// <summary>Creates a migration, hashing line-ending-normalised SQL so a checkout with CRLF does not look edited.</summary>
    public static WixMigration Create(int version, string name, string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
        return new WixMigration(version, name, normalised, checksum);
    }

    /// <summary>The embedded migration files ordered by version; refuses duplicates and malformed names.</summary>
    public static IReadOnlyList<WixMigration> LoadEmbedded()
    {
        var assembly = typeof(WixMigration).Assembly;
        var migrations = new List<WixMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration file '{name}' is not named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(Create(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Migration files '{migrations[i - 1].Name}' and '{migrations[i].Name}' share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }
}
