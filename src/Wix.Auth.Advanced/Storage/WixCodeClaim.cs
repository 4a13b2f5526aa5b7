namespace Wix.Auth.Advanced;

/// <summary>What <see cref="IWixInstallationStore.ClaimCodeAndRecordInstallingAsync"/> did, in one durable write.</summary>
public enum WixCodeClaim
{
    /// <summary>The code was claimed before (a double click, a browser retry, a replay): it must not be presented again; nothing was written.</summary>
    AlreadyClaimed,

    /// <summary>The code is ours to redeem; the instance was already installed and was left untouched (no write-ahead).</summary>
    Claimed,

    /// <summary>The code is ours to redeem, and the write-ahead was recorded with the claim.</summary>
    ClaimedAndRecordedInstalling,
}
