namespace Wix.Auth;

/// <summary>The elevation policy (<see cref="WixElevationOptions.Policy"/>) refused to elevate an identity.</summary>
public sealed class WixElevationDeniedException : Exception
{
    public WixElevationDeniedException()
        : base("The elevation policy denied the elevation.")
    {
    }

    public WixElevationDeniedException(string message)
        : base(message)
    {
    }

    public WixElevationDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
