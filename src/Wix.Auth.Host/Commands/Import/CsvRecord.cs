namespace Wix.Auth.Host.Commands.Import;

/// <summary>One CSV record: the physical line it starts on, its fields, and why it is malformed (null when it is not).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);
