namespace Wix.Auth.PostgreSql;

/// <summary>The outbox at a glance, for the operator view.</summary>
/// <param name="Pending">Events not delivered yet (first attempt or retries due).</param>
/// <param name="Failed">Events given up after <see cref="WixNotificationOptions.RetryFor"/>.</param>
/// <param name="Undelivered">The oldest pending and the newest failed events, at most the number asked for.</param>
public sealed record WixNotificationOutboxStatus(long Pending, long Failed, IReadOnlyList<WixNotificationEntry> Undelivered);
