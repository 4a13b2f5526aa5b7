namespace Wix.Auth.Advanced;

/// <summary>What recording a webhook event did. Every outcome is durable and safe to acknowledge with 200.</summary>
public enum WixWebhookOutcome
{
    /// <summary>First delivery; its effect was applied.</summary>
    Applied,

    /// <summary>First delivery of an event with no effect on installations (unknown or unhandled type).</summary>
    Recorded,

    /// <summary>This event ID was recorded before (Wix delivers at least once); nothing changed.</summary>
    Duplicate,

    /// <summary>First delivery, but a newer event for the instance was applied already (out of order); recorded, nothing changed.</summary>
    Stale,
}
