using System.Collections.Concurrent;
using System.Text;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// The secrets a test minted or received, and everything the host said (log lines, exceptions, response bodies), so the
/// canary can prove none of the former appears in the latter — raw, URL-encoded or base64 (checklist H1).
/// </summary>
internal sealed class SecretRegistry
{
    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _responses = new();

    public void Add(string? secret)
    {
        // Very short values would match by accident; every real secret here is long.
        if (secret is { Length: >= 12 })
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public void AddResponse(string body) => _responses.Enqueue(body);

    public IReadOnlyCollection<string> Responses => _responses.ToArray();

    public int Count => _secrets.Count;

    /// <summary>Each place a secret shows up in <paramref name="haystack"/>, in any of its encodings; empty when clean.</summary>
    public IEnumerable<string> FindLeaks(IEnumerable<string> haystack)
    {
        var forms = _secrets.Keys.SelectMany(Forms).Distinct(StringComparer.Ordinal).ToList();
        foreach (var text in haystack)
        {
            foreach (var form in forms)
            {
                if (text.Contains(form, StringComparison.Ordinal))
                {
                    yield return $"a secret (form of length {form.Length}) appears in: {Truncate(text.Replace(form, "<SECRET>", StringComparison.Ordinal))}";
                }
            }
        }
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return System.Net.WebUtility.UrlEncode(secret);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return base64.TrimEnd('=');
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
