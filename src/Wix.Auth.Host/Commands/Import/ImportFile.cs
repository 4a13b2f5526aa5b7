using System.Globalization;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Commands.Import;

/// <summary>
/// Validates a legacy export (CSV with a header; <c>instance_id</c> required, <c>refresh_token</c> optional, other
/// columns ignored) as a whole before anything is written. Every problem is named by its line; no message ever contains
/// a refresh token (a duplicate's conflict is described, never shown). A row repeated with the same token is one row.
/// </summary>
internal static class ImportFile
{
    public const string InstanceIdColumn = "instance_id";
    public const string RefreshTokenColumn = "refresh_token";

    /// <summary>Longer than any Wix instance ID (a GUID) by far; a longer value is a column mix-up, not an ID.</summary>
    private const int MaxInstanceIdLength = 200;

    private const int MaxRefreshTokenLength = 4096;

    public sealed record Result(IReadOnlyList<WixImportedInstallation> Installations, IReadOnlyList<string> Errors, int Rows);

    public static Result Validate(string text)
    {
        var errors = new List<string>();
        using var records = CsvReader.Read(text).GetEnumerator();
        if (!records.MoveNext())
        {
            return new Result([], [$"line 1: the file is empty; a header with {InstanceIdColumn} is expected"], 0);
        }

        var header = records.Current;
        if (header.Error is not null)
        {
            return new Result([], [Line(header.Line, "the header is malformed: " + header.Error)], 0);
        }

        var names = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var instanceColumn = names.IndexOf(InstanceIdColumn);
        var tokenColumn = names.IndexOf(RefreshTokenColumn);
        if (instanceColumn < 0)
        {
            return new Result([], [Line(header.Line, $"the header has no {InstanceIdColumn} column")], 0);
        }

        if (names.Count(n => n == InstanceIdColumn) > 1 || names.Count(n => n == RefreshTokenColumn) > 1)
        {
            return new Result([], [Line(header.Line, $"the header names {InstanceIdColumn} or {RefreshTokenColumn} twice")], 0);
        }

        var seen = new Dictionary<string, (int Line, string? Token)>(StringComparer.Ordinal);
        var installations = new List<WixImportedInstallation>();
        var rows = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            rows++;
            if (record.Error is not null)
            {
                errors.Add(Line(record.Line, "malformed: " + record.Error));
                continue;
            }

            if (record.Fields.Count != names.Count)
            {
                errors.Add(Line(record.Line, string.Create(CultureInfo.InvariantCulture, $"malformed: {record.Fields.Count} field(s), the header has {names.Count}")));
                continue;
            }

            var instanceId = record.Fields[instanceColumn].Trim();
            var token = tokenColumn < 0 ? null : record.Fields[tokenColumn].Trim();
            token = string.IsNullOrEmpty(token) ? null : token;
            if (instanceId.Length == 0)
            {
                errors.Add(Line(record.Line, $"no {InstanceIdColumn}"));
                continue;
            }

            if (instanceId.Length > MaxInstanceIdLength || instanceId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or ','))
            {
                errors.Add(Line(record.Line, $"{InstanceIdColumn} is not an instance ID (too long, or it contains spaces, quotes or control characters)"));
                continue;
            }

            if (token is not null && (token.Length > MaxRefreshTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                errors.Add(Line(record.Line, $"{RefreshTokenColumn} is malformed (too long, or it contains spaces or control characters); it is not shown"));
                continue;
            }

            if (seen.TryGetValue(instanceId, out var earlier))
            {
                if (!string.Equals(earlier.Token, token, StringComparison.Ordinal))
                {
                    errors.Add(Line(record.Line, string.Create(CultureInfo.InvariantCulture, $"instance {instanceId} is on line {earlier.Line} too, with a different {RefreshTokenColumn}")));
                }

                continue;
            }

            seen[instanceId] = (record.Line, token);
            installations.Add(new WixImportedInstallation(instanceId, token));
        }

        return new Result(installations, errors, rows);
    }

    private static string Line(int line, string message) => string.Create(CultureInfo.InvariantCulture, $"line {line}: {message}");
}
