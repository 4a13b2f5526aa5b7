namespace Wix.Auth;

/// <summary>The elevation policy (<see cref="WixElevationOptions.Policy"/>) refused to elevate an identity.</summary>
public sealed class WixElevationDeniedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WixElevationDeniedException()
        : base("The elevation policy denied the elevation.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public WixElevationDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public WixElevationDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
