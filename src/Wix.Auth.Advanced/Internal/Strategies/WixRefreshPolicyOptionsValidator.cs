using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.Strategies;

/// <summary>Checks the refresh policy at start-up; every message names its configuration key.</summary>
internal sealed class WixRefreshPolicyOptionsValidator : AbstractValidator<WixRefreshPolicyOptions>, IValidateOptions<WixRefreshPolicyOptions>
{
    private const string Prefix = WixRefreshPolicyOptions.SectionName + ":";

    public WixRefreshPolicyOptionsValidator()
    {
        RuleFor(o => o.IncidentThreshold).InclusiveBetween(1, 1_000_000).WithMessage(Prefix + "IncidentThreshold must be between 1 and 1000000.");
        RuleFor(o => o.IncidentWindow).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))
            .WithMessage(Prefix + "IncidentWindow must be between 00:00:01 and 01:00:00.");
        RuleFor(o => o.IncidentRetryDelay).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(7))
            .WithMessage(Prefix + "IncidentRetryDelay must be between 00:00:01 and 7.00:00:00.");
        RuleFor(o => o.RefusedCooldown).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(7))
            .WithMessage(Prefix + "RefusedCooldown must be between 00:00:01 and 7.00:00:00.");
    }

    public ValidateOptionsResult Validate(string? name, WixRefreshPolicyOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
