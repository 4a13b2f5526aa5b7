using System.Text.Json;

namespace Wix.Auth;

/// <summary>A verified Wix webhook with its three nested layers unpacked.</summary>
public sealed record WixWebhookEvent
{
    /// <summary>Layer 2 <c>eventType</c>, e.g. <c>AppInstalled</c> or <c>wix.contacts.v4.contact_created</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>Layer 2 <c>instanceId</c>; null only if Wix sent none.</summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// The event's identity for de-duplication: the payload's <c>id</c> (domain events) when present, otherwise
    /// <c>sha256:</c> + the hex SHA-256 of the JWT's signature segment, so a re-delivered identical body dedupes.
    /// </summary>
    public required string EventId { get; init; }

    /// <summary>Layer 3: the event payload (already JSON-parsed from layer 2's string <c>data</c>).</summary>
    public required JsonElement Data { get; init; }

    /// <summary>The JWT's <c>iat</c>; the verification time when Wix sent none.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The JWT's <c>exp</c>, when present.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// True when the token's <c>exp</c> had passed and the event was accepted as a re-delivery within
    /// <see cref="WixWebhookVerificationOptions.RedeliveryWindow"/>; record it through the inbox (de-duplicated by
    /// <see cref="EventId"/>) like any other.
    /// </summary>
    public bool IsLateRedelivery { get; init; }

    /// <summary>The payload's <c>eventTime</c> (domain events), when present and a valid ISO-8601 time.</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>For <c>AppInstalled</c>: the instance this site was cloned from, when Wix sent one.</summary>
    public string? OriginInstanceId { get; init; }

    /// <summary>Layer 2 <c>identity</c> (who caused the event), parsed; null when absent.</summary>
    public JsonElement? Identity { get; init; }

    /// <summary>Layer 2 <c>accountInfo</c> (<c>accountId</c>, <c>parentAccountId</c>, <c>siteId</c>); null when absent.</summary>
    public JsonElement? AccountInfo { get; init; }
}
