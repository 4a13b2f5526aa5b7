namespace Wix.Auth.Advanced;

/// <summary>
/// What an app-instance billing webhook (<c>PaidPlanPurchased</c>, <c>PaidPlanChanged</c>, <c>PaidPlanAutoRenewalCancelled</c>,
/// <c>PlanConvertedToPaid</c>, <c>PlanReactivated</c>, <c>PlanTransferred</c>) says about the installation's plan. A null
/// value means the event did not say; the recorded value is kept.
/// </summary>
/// <param name="VendorProductId">The plan (the app's product ID in Wix).</param>
/// <param name="Cycle">The billing cycle, e.g. <c>MONTHLY</c>, <c>YEARLY</c>, <c>NO_CYCLE</c>.</param>
/// <param name="ExpiresAt">When the current period ends.</param>
/// <param name="AutoRenew">Whether the plan renews by itself.</param>
public sealed record WixPlanChange(string? VendorProductId, string? Cycle, DateTimeOffset? ExpiresAt, bool? AutoRenew);
