namespace Wix.Auth.Advanced;

/// <summary>A verified webhook event as the store records it. Carries no secret (never the JWT itself).</summary>
/// <param name="EventId">The event's unique ID: Wix's inner <c>id</c>, or a hash of the signed body for legacy events without one (a re-delivery repeats the same body).</param>
/// <param name="EventType">e.g. <c>AppInstalled</c>.</param>
/// <param name="InstanceId">The instance the event is about; null for events not about one.</param>
/// <param name="EventTime">When the event happened (inner <c>eventTime</c>, else the JWT's <c>iat</c>); orders out-of-order deliveries.</param>
/// <param name="Effect">What the event does to the installation.</param>
/// <param name="Plan">For <see cref="WixWebhookEffect.PlanChanged"/>: what the event says about the plan.</param>
public sealed record WixWebhookEventRecord(string EventId, string EventType, string? InstanceId, DateTimeOffset EventTime, WixWebhookEffect Effect, WixPlanChange? Plan = null);
