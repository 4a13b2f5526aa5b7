using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>Validates the notification options at start-up; messages name the key and never echo the secret.</summary>
internal sealed class WixNotificationOptionsValidator : AbstractValidator<WixNotificationOptions>, IValidateOptions<WixNotificationOptions>
{
    private const string Prefix = "WixAuth:Notifications:";

    public WixNotificationOptionsValidator()
    {
        RuleFor(o => o.Url)
            .Must(u => u is { IsAbsoluteUri: true } && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback)))
            .WithMessage(Prefix + "Url must be an absolute https URL (plain http only on a loopback address).");
        RuleFor(o => o.Secret)
            .Must(s => WixNotificationSignature.TryDecodeSecret(s) is not null)
            .WithMessage(Prefix + "Secret must be 'whsec_' followed by the base64 of at least 24 random bytes.");
        RuleFor(o => o.PollInterval).GreaterThan(TimeSpan.Zero).WithMessage(Prefix + "PollInterval must be positive.");
        RuleFor(o => o.BatchSize).InclusiveBetween(1, 1000).WithMessage(Prefix + "BatchSize must be between 1 and 1000.");
        RuleFor(o => o.Timeout).GreaterThan(TimeSpan.Zero).WithMessage(Prefix + "Timeout must be positive.");
        RuleFor(o => o.FirstRetryDelay).GreaterThan(TimeSpan.Zero).WithMessage(Prefix + "FirstRetryDelay must be positive.");
        RuleFor(o => o.MaxRetryDelay).GreaterThanOrEqualTo(o => o.FirstRetryDelay).WithMessage(Prefix + "MaxRetryDelay must be at least FirstRetryDelay.");
        RuleFor(o => o.RetryFor).GreaterThanOrEqualTo(TimeSpan.FromHours(24)).WithMessage(Prefix + "RetryFor must be at least 1.00:00:00: a receiver's outage of a day must lose nothing.");
    }

    public ValidateOptionsResult Validate(string? name, WixNotificationOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
