namespace Wix.Auth.Simulator;

/// <summary>How a simulated signed <c>instance</c> value is encoded. Real Wix sends unpadded base64url; verifiers must tolerate both.</summary>
public enum SignedInstanceFormat
{
    /// <summary>What Wix sends: base64url without <c>=</c> padding.</summary>
    UnpaddedBase64Url,

    /// <summary>The standard base64 alphabet with padding, as in Wix's own example-app fixture.</summary>
    PaddedStandardBase64,
}
