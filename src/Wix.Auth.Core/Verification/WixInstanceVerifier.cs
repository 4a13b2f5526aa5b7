using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wix.Auth.Internal;

namespace Wix.Auth;

/// <summary>
/// Verifies Wix's signed <c>instance</c> parameter, <c>&lt;signature&gt;.&lt;data&gt;</c>: the signature is
/// HMAC-SHA256 under the app secret (UTF-8) over the data segment exactly as received. Both segments are accepted in
/// either base64 alphabet, padded or not; signatures are compared in constant time after normalising to unpadded
/// base64url. Then the app ID and the age are checked. Thread-safe; a singleton.
/// </summary>
public sealed class WixInstanceVerifier : IWixInstanceVerifier
{
    /// <summary>Longest value accepted; real ones are well under 1 KB.</summary>
    public const int MaxLength = 8 * 1024;

    private const int SignatureChars = 43; // 32 bytes as unpadded base64url

    private readonly byte[]? _secret;
    private readonly string _appId;
    private readonly WixInstanceVerificationOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the verifier from the app's options; <c>AddWixAuth</c> registers it, so an app normally injects it.</summary>
    public WixInstanceVerifier(
        IOptions<WixAuthOptions> options,
        IOptions<WixInstanceVerificationOptions> verificationOptions,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(verificationOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _secret = string.IsNullOrEmpty(options.Value.AppSecret) ? null : Encoding.UTF8.GetBytes(options.Value.AppSecret);
        _appId = options.Value.AppId;
        _options = verificationOptions.Value;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public WixSignedInstance Verify(string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (_secret is null)
        {
            throw new InvalidOperationException("Signed instances cannot be verified: Wix:AppSecret is not configured.");
        }

        if (_options.RequireMatchingAppId && string.IsNullOrEmpty(_appId))
        {
            throw new InvalidOperationException("Signed instances cannot be checked for the app: Wix:AppId is not configured.");
        }

        if (instance.Length > MaxLength)
        {
            throw Fail(WixInstanceVerificationErrorKind.Malformed, $"The signed instance is longer than {MaxLength} characters.");
        }

        var value = instance.AsSpan();
        var dot = value.IndexOf('.');
        if (dot <= 0 || dot == value.Length - 1 || value[(dot + 1)..].Contains('.'))
        {
            throw Fail(WixInstanceVerificationErrorKind.Malformed, "The signed instance is not of the form <signature>.<data>.");
        }

        var signature = value[..dot];
        var data = value[(dot + 1)..];
        if (!Base64UrlText.IsLenientBase64(signature) || !Base64UrlText.IsLenientBase64(data))
        {
            throw Fail(WixInstanceVerificationErrorKind.Malformed, "The signed instance contains characters outside base64.");
        }

        if (!SignatureMatches(signature, data))
        {
            throw Fail(WixInstanceVerificationErrorKind.Tampered, "The signed instance's signature does not match its data.");
        }

        var json = Base64UrlText.DecodeLenient(data)
            ?? throw Fail(WixInstanceVerificationErrorKind.Malformed, "The signed instance's data is not valid base64.");
        var signed = WixSignedInstanceParser.Parse(json);
        CheckApp(signed);
        CheckAge(signed);
        return signed;
    }

    private bool SignatureMatches(ReadOnlySpan<char> signature, ReadOnlySpan<char> data)
    {
        // Data is ASCII (checked above), so one byte per character; HMAC over the segment as received.
        var rented = data.Length > 1024 ? ArrayPool<byte>.Shared.Rent(data.Length) : null;
        Span<byte> message = rented ?? stackalloc byte[1024];
        message = message[..Encoding.ASCII.GetBytes(data, message)];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, message, mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        Span<char> expected = stackalloc char[SignatureChars];
        Base64Url.EncodeToChars(mac, expected);

        // Normalise the received signature to unpadded base64url; a wrong length still goes through the
        // fixed-time comparison so that its timing says nothing about how much matched.
        var received = signature.TrimEnd('=');
        Span<char> normalised = stackalloc char[SignatureChars];
        received[..Math.Min(received.Length, SignatureChars)].CopyTo(normalised);
        normalised.Replace('+', '-');
        normalised.Replace('/', '_');
        var equal = CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(normalised));
        return equal && received.Length == SignatureChars;
    }

    private void CheckApp(WixSignedInstance signed)
    {
        if (_options.RequireMatchingAppId && !string.Equals(signed.AppDefId, _appId, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(WixInstanceVerificationErrorKind.ForeignApp, "The signed instance was issued for another app (appDefId differs from Wix:AppId).");
        }
    }

    private void CheckAge(WixSignedInstance signed)
    {
        if (_options.MaxAge is not { } maxAge)
        {
            return;
        }

        if (signed.SignDate is not { } signDate)
        {
            throw Fail(WixInstanceVerificationErrorKind.Malformed, "The signed instance has no signDate, so its age cannot be checked.");
        }

        var now = _timeProvider.GetUtcNow();
        if (now - signDate > maxAge + _options.ClockSkew || signDate > now + _options.ClockSkew)
        {
            throw Fail(WixInstanceVerificationErrorKind.Expired, "The signed instance is too old or dated in the future; open the app from Wix again.");
        }
    }

    private static WixInstanceVerificationException Fail(WixInstanceVerificationErrorKind kind, string message) => new(kind, message);
}
