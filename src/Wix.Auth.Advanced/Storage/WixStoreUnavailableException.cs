namespace Wix.Auth.Advanced;

/// <summary>
/// The store could not be reached or did not answer in time (the database is down, the network failed, a timeout
/// elapsed). Part of every store contract (<see cref="IWixInstallationStore"/>, <see cref="IWixRefreshTokenStore"/>,
/// <see cref="IWixAuthorizationCodeStore"/>, <see cref="IWixWebhookInbox"/>): an implementation wraps its driver's
/// exception in this one, kept as <see cref="Exception.InnerException"/>, so callers need not know which database
/// is behind the store. Nothing was changed by the failed call unless the store says otherwise; retrying later is safe.
/// </summary>
public sealed class WixStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixStoreUnavailableException()
        : base("The Wix.Auth store is unavailable.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, wrapping the driver's <paramref name="innerException"/>.</summary>
    public WixStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
