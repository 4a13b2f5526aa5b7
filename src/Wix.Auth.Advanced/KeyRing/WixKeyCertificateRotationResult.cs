namespace Wix.Auth.Advanced;

/// <summary>What <see cref="WixKeyCertificateRotator.RotateAsync"/> did, and the key ring as it stands afterwards.</summary>
/// <param name="Keys">Keys in the ring.</param>
/// <param name="Reencrypted">Keys this run re-encrypted under the current certificate.</param>
/// <param name="UnderCurrentCertificate">Keys now encrypted with the current certificate.</param>
/// <param name="UnderPreviousCertificate">Keys still needing a previous certificate (changed meanwhile, or written since by a host that still has the old certificate as current); re-run.</param>
/// <param name="Undecryptable">Keys no configured certificate decrypts; they are left alone.</param>
/// <param name="Unencrypted">Keys stored unencrypted (written under <c>AllowUnencryptedKeys</c>); left alone.</param>
public sealed record WixKeyCertificateRotationResult(
    int Keys, int Reencrypted, int UnderCurrentCertificate, int UnderPreviousCertificate, int Undecryptable, int Unencrypted)
{
    /// <summary>True while some key can only be decrypted with a previous certificate: it must stay configured.</summary>
    public bool PreviousCertificatesNeeded => UnderPreviousCertificate > 0;
}
