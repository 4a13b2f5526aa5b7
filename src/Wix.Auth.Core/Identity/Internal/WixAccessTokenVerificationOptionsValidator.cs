using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal.Identity;

/// <summary>Start-up check of <c>Wix:AccessTokens</c>; every message names its configuration key.</summary>
internal sealed class WixAccessTokenVerificationOptionsValidator : AbstractValidator<WixAccessTokenVerificationOptions>, IValidateOptions<WixAccessTokenVerificationOptions>
{
    private const string Section = WixAccessTokenVerificationOptions.SectionName;

    public WixAccessTokenVerificationOptionsValidator()
    {
        RuleFor(o => o.CacheDuration)
            .InclusiveBetween(TimeSpan.Zero, WixAccessTokenVerificationOptions.MaxCacheDuration)
            .WithMessage($"{Section}:CacheDuration must be between 0 and 60 seconds: a token revoked at Wix stays accepted that long.");
        RuleFor(o => o.CacheSize)
            .GreaterThan(0)
            .WithMessage($"{Section}:CacheSize must be positive.");
        RuleFor(o => o.MaxTokenLength)
            .InclusiveBetween(64, 64 * 1024)
            .WithMessage($"{Section}:MaxTokenLength must be between 64 and 65536 characters.");
    }

    public ValidateOptionsResult Validate(string? name, WixAccessTokenVerificationOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
