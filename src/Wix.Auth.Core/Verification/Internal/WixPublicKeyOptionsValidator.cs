using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Internal;

/// <summary>
/// Start-up check that <c>Wix:PublicKey</c>, when set, is a usable RSA public key, so a bad key fails the start
/// rather than every webhook. Runs beside the core validator of <see cref="WixAuthOptions"/>; the value is never printed.
/// </summary>
internal sealed class WixPublicKeyOptionsValidator : AbstractValidator<WixAuthOptions>, IValidateOptions<WixAuthOptions>
{
    public WixPublicKeyOptionsValidator()
    {
        RuleFor(o => o.PublicKey)
            .Must(key => string.IsNullOrWhiteSpace(key) || IsRsaPublicKey(key))
            .WithMessage("Wix:PublicKey must be an RSA public key of at least 2048 bits: PEM (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY) or base64 of the PEM.");
    }

    public ValidateOptionsResult Validate(string? name, WixAuthOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }

    private static bool IsRsaPublicKey(string key)
    {
        if (!WixPublicKeyParser.TryParse(key, out var rsa, out _))
        {
            return false;
        }

        rsa.Dispose();
        return true;
    }
}
