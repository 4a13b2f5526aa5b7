namespace Wix.Auth.Host.Instances;

/// <summary>Wix did not accept the BI event.</summary>
internal sealed class FinishSetupException : Exception
{
    public FinishSetupException()
    {
    }

    public FinishSetupException(string message)
        : base(message)
    {
    }

    public FinishSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FinishSetupException(int statusCode)
        : base($"Wix answered {statusCode} to the BI event.") => StatusCode = statusCode;

    public int StatusCode { get; }

    /// <summary>429 and 5xx are worth retrying later.</summary>
    public bool IsTransient => StatusCode is 429 or >= 500;
}
