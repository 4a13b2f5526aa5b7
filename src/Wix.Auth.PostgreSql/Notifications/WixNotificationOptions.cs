namespace Wix.Auth.PostgreSql;

/// <summary>
/// Outbound notifications to the app (configuration section <c>WixAuth:Notifications</c>), signed the Standard
/// Webhooks way. Validated at start-up.
/// </summary>
public sealed class WixNotificationOptions
{
    /// <summary>The configuration section the host binds these options from.</summary>
    public const string SectionName = "WixAuth:Notifications";

    /// <summary>Where events are POSTed: an absolute https URL (plain http only on a loopback address).</summary>
    public Uri? Url { get; set; }

    /// <summary>The signing secret: <c>whsec_</c> followed by the base64 of at least 24 random bytes. Never logged.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>How often the outbox is polled when nothing was due. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events sent per poll and transaction. Default 20.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long one delivery may take before it counts as failed. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; doubled after each further one. Default 5 seconds.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an event is retried before it is marked failed. Default 3 days; at least 24 hours.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(3);
}
