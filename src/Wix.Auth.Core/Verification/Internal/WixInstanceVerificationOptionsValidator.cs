using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal;

/// <summary>Start-up check of <c>Wix:Instance</c>; every message names its configuration key.</summary>
internal sealed class WixInstanceVerificationOptionsValidator : AbstractValidator<WixInstanceVerificationOptions>, IValidateOptions<WixInstanceVerificationOptions>
{
    private const string Section = WixInstanceVerificationOptions.SectionName;

    public WixInstanceVerificationOptionsValidator()
    {
        RuleFor(o => o.ClockSkew)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(5))
            .WithMessage($"{Section}:ClockSkew must be between 0 and 5 minutes.");
        RuleFor(o => o.MaxAge)
            .Must(age => age is null || (age > TimeSpan.Zero && age <= TimeSpan.FromDays(7)))
            .WithMessage($"{Section}:MaxAge must be empty (no age check) or between 0 and 7 days.");
    }

    public ValidateOptionsResult Validate(string? name, WixInstanceVerificationOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
