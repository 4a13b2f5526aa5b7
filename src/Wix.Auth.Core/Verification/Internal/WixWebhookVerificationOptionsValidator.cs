using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal;

/// <summary>Start-up check of <c>Wix:Webhooks</c>; every message names its configuration key and never a key's value.</summary>
internal sealed class WixWebhookVerificationOptionsValidator : AbstractValidator<WixWebhookVerificationOptions>, IValidateOptions<WixWebhookVerificationOptions>
{
    private const string Section = WixWebhookVerificationOptions.SectionName;

    public WixWebhookVerificationOptionsValidator()
    {
        RuleFor(o => o.ClockSkew)
            .InclusiveBetween(TimeSpan.Zero, WixWebhookVerificationOptions.MaxClockSkew)
            .WithMessage($"{Section}:ClockSkew must be between 0 and 60 seconds.");
        RuleFor(o => o.RedeliveryWindow)
            .InclusiveBetween(TimeSpan.Zero, WixWebhookVerificationOptions.MaxRedeliveryWindow)
            .WithMessage($"{Section}:RedeliveryWindow must be between 0 and 7.00:00:00.");
        RuleFor(o => o.MaxBodyBytes)
            .InclusiveBetween(1024, 1024 * 1024)
            .WithMessage($"{Section}:MaxBodyBytes must be between 1024 and 1048576.");
        RuleForEach(o => o.AdditionalPublicKeys)
            .Must(key => WixPublicKeyParser.TryParse(key, out var rsa, out _) && Dispose(rsa))
            .WithMessage((_, _) => $"{Section}:AdditionalPublicKeys holds a value that is not an RSA public key (PEM or base64 of the PEM, at least 2048 bits).");
    }

    public ValidateOptionsResult Validate(string? name, WixWebhookVerificationOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }

    private static bool Dispose(IDisposable disposable)
    {
        disposable.Dispose();
        return true;
    }
}
