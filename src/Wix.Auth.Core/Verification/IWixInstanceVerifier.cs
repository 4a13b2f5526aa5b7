namespace Wix.Auth;

/// <summary>Verifies Wix's signed <c>instance</c> query parameter (HMAC-SHA256 with the app secret).</summary>
public interface IWixInstanceVerifier
{
    /// <summary>Verifies <paramref name="instance"/> exactly as received (URL-decoded) and returns its content.</summary>
    /// <exception cref="WixInstanceVerificationException">The value is malformed, altered, foreign or too old.</exception>
    WixSignedInstance Verify(string instance);
}
