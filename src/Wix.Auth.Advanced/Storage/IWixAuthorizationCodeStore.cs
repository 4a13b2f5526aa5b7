namespace Wix.Auth.Advanced;

/// <summary>
/// Remembers which authorization codes were redeemed, so a code is presented to Wix at most once. Throws
/// <see cref="WixStoreUnavailableException"/> when the store cannot be reached.
/// </summary>
public interface IWixAuthorizationCodeStore
{
    /// <summary>
    /// Claims an authorization code for redemption, by the SHA-256 hash of the code (never the code itself).
    /// True only for the first claimer across every process sharing the store; a code is presented to Wix at most once
    /// (RFC 6749 section 4.1.2: an authorization server may revoke everything issued from a reused code).
    /// </summary>
    Task<bool> TryClaimAuthorizationCodeAsync(string instanceId, ReadOnlyMemory<byte> codeHash, CancellationToken cancellationToken);
}
