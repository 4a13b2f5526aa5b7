using System.Globalization;
using System.Text.Json;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Webhooks;

/// <summary>
/// The app-instance billing webhooks (wix-protocol.md §6.3, §16) and what each says about the plan. Payloads are read
/// defensively: a missing or oddly typed field is "not said", never an error (the event is still recorded).
/// </summary>
internal static class PlanEventMapping
{
    public const string PaidPlanPurchased = "PaidPlanPurchased";
    public const string PaidPlanChanged = "PaidPlanChanged";
    public const string PaidPlanAutoRenewalCancelled = "PaidPlanAutoRenewalCancelled";
    public const string PlanConvertedToPaid = "PlanConvertedToPaid";
    public const string PlanReactivated = "PlanReactivated";
    public const string PlanTransferred = "PlanTransferred";

    public static bool IsPlanEvent(string eventType) => eventType is PaidPlanPurchased or PaidPlanChanged
        or PaidPlanAutoRenewalCancelled or PlanConvertedToPaid or PlanReactivated or PlanTransferred;

    public static WixPlanChange ToPlanChange(string eventType, JsonElement data)
    {
        // Auto-renewal is said outright only by cancellation and reactivation; a purchase starts a renewing plan
        // (INFERRED: the payload has no flag for it).
        bool? autoRenew = eventType switch
        {
            PaidPlanAutoRenewalCancelled => false,
            PlanReactivated or PaidPlanPurchased => true,
            _ => null,
        };
        return new WixPlanChange(Text(data, "vendorProductId"), Text(data, "cycle"), Time(data, "expiresOn"), autoRenew);
    }

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 and <= 200 } text ? text : null;

    private static DateTimeOffset? Time(JsonElement data, string name) =>
        Text(data, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
}
