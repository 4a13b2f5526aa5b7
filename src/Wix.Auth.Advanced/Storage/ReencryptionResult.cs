namespace Wix.Auth.Advanced;

/// <summary>What a re-encryption run did.</summary>
/// <param name="Scanned">Rows with a refresh token that were looked at.</param>
/// <param name="Reencrypted">Rows rewritten under the current default key.</param>
/// <param name="AlreadyCurrent">Rows already under the current default key, left alone.</param>
/// <param name="Undecryptable">Rows whose ciphertext no key decrypts (they fall back to client credentials).</param>
/// <param name="Skipped">Rows being refreshed by another process at that moment; a re-run picks them up.</param>
/// <param name="UnderRevokedKey">Rows protected with a revoked key, left alone (they are not used either) unless the run includes revoked keys.</param>
public sealed record ReencryptionResult(int Scanned, int Reencrypted, int AlreadyCurrent, int Undecryptable, int Skipped, int UnderRevokedKey = 0);
