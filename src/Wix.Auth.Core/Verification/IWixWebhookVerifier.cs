namespace Wix.Auth;

/// <summary>Verifies the body of a Wix webhook request (an RS256 JWT) and unpacks it.</summary>
public interface IWixWebhookVerifier
{
    /// <summary>Verifies <paramref name="body"/>, the raw request body exactly as received, and returns the event.</summary>
    /// <exception cref="WixWebhookVerificationException">The body is not a valid, current webhook from Wix.</exception>
    WixWebhookEvent Verify(string body);
}
