using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The webhook inbox's retention against the re-delivery window (issue #11): an authentic event past its <c>exp</c> is
/// accepted for <see cref="WixWebhookVerificationOptions.RedeliveryWindow"/> after its issue, and is applied once only
/// because the inbox still holds the row of its first delivery. Were that row purged first
/// (<see cref="WixPostgresStoreOptions.WebhookEventRetention"/> after it was received), the re-delivery would be applied
/// a second time.
/// </summary>
internal sealed class WixWebhookRetentionValidator(IOptions<WixWebhookVerificationOptions> webhookOptions) : IValidateOptions<WixPostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, WixPostgresStoreOptions options)
    {
        var webhooks = webhookOptions.Value;
        var window = webhooks.RedeliveryWindow;
        if (window <= TimeSpan.Zero)
        {
            // Zero: exp is enforced strictly, and no late re-delivery is accepted at all.
            return ValidateOptionsResult.Success;
        }

        // The window is measured from iat (Wix's clock) and accepted up to ClockSkew past its end; the retention from
        // received_at (ours), which may precede iat by up to ClockSkew. Hence the margin of twice the skew.
        var margin = webhooks.ClockSkew + webhooks.ClockSkew;
        return window + margin < options.WebhookEventRetention
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{WixWebhookVerificationOptions.SectionName}:RedeliveryWindow ({window}) must be below WixAuth:Postgres:WebhookEventRetention ({options.WebhookEventRetention}) "
                + $"by more than twice {WixWebhookVerificationOptions.SectionName}:ClockSkew ({webhooks.ClockSkew}): an event re-delivered after its inbox row was purged would be applied twice.");
    }
}
