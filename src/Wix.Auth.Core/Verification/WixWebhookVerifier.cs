using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Wix.Auth.Internal;

namespace Wix.Auth;

/// <summary>
/// Verifies a Wix webhook body: a compact JWS signed RS256 with the app's key pair (RFC 7515), checked against the
/// configured public key(s) only. Any other algorithm, <c>none</c> included, is refused before any cryptography, so
/// HS256-with-the-public-key confusion cannot arise; keys named in the header (<c>jwk</c>, <c>jku</c>, <c>x5u</c>) are
/// ignored. Lifetime is checked with <see cref="TimeProvider"/> and a skew of at most 60 s. Thread-safe; a singleton.
/// </summary>
public sealed class WixWebhookVerifier : IWixWebhookVerifier
{
    private const string Rs256 = "RS256";

    private readonly RSA[] _keys;
    private readonly string? _keyError;
    private readonly WixWebhookVerificationOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the verifier from the app's options; <c>AddWixAuth</c> registers it, so an app normally injects it.</summary>
    public WixWebhookVerifier(
        IOptions<WixAuthOptions> options,
        IOptions<WixWebhookVerificationOptions> verificationOptions,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(verificationOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = verificationOptions.Value;
        _timeProvider = timeProvider;

        // RSA instances are safe for concurrent verification once imported; they are never mutated afterwards.
        var keys = new List<RSA>();
        foreach (var (configKey, value) in ConfiguredKeys(options.Value, _options))
        {
            if (WixPublicKeyParser.TryParse(value, out var key, out var error))
            {
                keys.Add(key);
            }
            else
            {
                _keyError ??= $"{configKey} {error}.";
            }
        }

        _keys = [.. keys];
        if (_keys.Length == 0)
        {
            _keyError ??= "No webhook public key is configured (Wix:PublicKey).";
        }
    }

    /// <inheritdoc />
    public WixWebhookEvent Verify(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_keys.Length == 0)
        {
            // Misconfiguration, not the sender's fault: surfaces as a server error, never as a verified event.
            throw new InvalidOperationException("Webhooks cannot be verified: " + (_keyError ?? "no public key."));
        }

        // The size cap comes first, so an oversized body costs no decoding and no RSA operation.
        if (body.Length > _options.MaxBodyBytes)
        {
            throw Fail(WixWebhookVerificationErrorKind.Malformed, $"The webhook body is larger than the {_options.MaxBodyBytes}-byte limit.");
        }

        var token = body.AsSpan().Trim();
        var firstDot = token.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : token[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (firstDot <= 0 || secondDot <= firstDot || token[(secondDot + 1)..].Contains('.'))
        {
            throw Fail(WixWebhookVerificationErrorKind.Malformed, "The webhook body is not a compact JWS (three dot-separated parts).");
        }

        var header = token[..firstDot];
        var payload = token[(firstDot + 1)..secondDot];
        var signature = token[(secondDot + 1)..];
        if (payload.IsEmpty || !Base64UrlText.IsStrictBase64Url(header) || !Base64UrlText.IsStrictBase64Url(payload) || !Base64UrlText.IsStrictBase64Url(signature))
        {
            throw Fail(WixWebhookVerificationErrorKind.Malformed, "The webhook JWS has an empty part or characters outside base64url.");
        }

        CheckHeader(header);
        if (!SignatureVerifies(token[..secondDot], signature))
        {
            throw Fail(WixWebhookVerificationErrorKind.InvalidSignature, "The webhook signature does not verify with the configured public key.");
        }

        // Only now, with the signature proven, is anything in the payload trusted.
        using var claims = ParseJson(payload, "payload");
        var now = _timeProvider.GetUtcNow();
        var (issuedAt, expiresAt, late) = WixWebhookLifetime.Check(claims.RootElement, now, _options);
        return WixWebhookEnvelopeParser.Parse(claims.RootElement, issuedAt ?? now, expiresAt, EventIdFromSignature(signature)) with { IsLateRedelivery = late };
    }

    private static IEnumerable<(string ConfigKey, string? Value)> ConfiguredKeys(WixAuthOptions auth, WixWebhookVerificationOptions webhooks)
    {
        if (!string.IsNullOrWhiteSpace(auth.PublicKey))
        {
            yield return ("Wix:PublicKey", auth.PublicKey);
        }

        for (var i = 0; i < webhooks.AdditionalPublicKeys.Count; i++)
        {
            yield return ($"{WixWebhookVerificationOptions.SectionName}:AdditionalPublicKeys:{i}", webhooks.AdditionalPublicKeys[i]);
        }
    }

    private static void CheckHeader(ReadOnlySpan<char> header)
    {
        using var document = ParseJson(header, "header");
        var root = document.RootElement;
        if (!root.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || !alg.ValueEquals(Rs256))
        {
            throw Fail(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, "The webhook JWS is not signed with RS256, the only accepted algorithm.");
        }

        // RFC 7515 §4.1.11: a recipient that does not understand a critical extension must refuse the token.
        if (root.TryGetProperty("crit", out _))
        {
            throw Fail(WixWebhookVerificationErrorKind.UnsupportedAlgorithm, "The webhook JWS uses critical header extensions, which are not supported.");
        }
    }

    private bool SignatureVerifies(ReadOnlySpan<char> signingInput, ReadOnlySpan<char> signature)
    {
        var signatureBytes = Base64UrlText.DecodeLenient(signature);
        if (signatureBytes is null || signatureBytes.Length == 0)
        {
            return false;
        }

        // Checked above to be base64url and dots only, so one byte per character.
        var input = new byte[signingInput.Length];
        Encoding.ASCII.GetBytes(signingInput, input);
        foreach (var key in _keys)
        {
            if (key.VerifyData(input, signatureBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonDocument ParseJson(ReadOnlySpan<char> segment, string part)
    {
        var bytes = Base64UrlText.DecodeLenient(segment)
            ?? throw Fail(WixWebhookVerificationErrorKind.Malformed, $"The webhook JWS {part} is not valid base64url.");
        var document = WixWebhookEnvelopeParser.TryParseJson(bytes);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document?.Dispose();
            throw Fail(WixWebhookVerificationErrorKind.Malformed, $"The webhook JWS {part} is not a JSON object.");
        }

        return document;
    }

    private static string EventIdFromSignature(ReadOnlySpan<char> signature)
    {
        var ascii = new byte[signature.Length];
        Encoding.ASCII.GetBytes(signature, ascii);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii, hash);
        return "sha256:" + Convert.ToHexStringLower(hash);
    }

    internal static WixWebhookVerificationException Fail(WixWebhookVerificationErrorKind kind, string message) => new(kind, message);
}
