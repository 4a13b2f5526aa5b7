using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Storage.Postgres;

/// <summary>
/// The key-encryption certificate is required: without it the key ring would be written to the database unencrypted,
/// next to the ciphertext it protects. Only the explicit <see cref="WixDataProtectionOptions.AllowUnencryptedKeys"/>
/// lifts that; the host environment (Development) never does, so a mis-set environment variable opens nothing.
/// </summary>
internal sealed class WixDataProtectionOptionsValidator : AbstractValidator<WixDataProtectionOptions>, IValidateOptions<WixDataProtectionOptions>
{
    public WixDataProtectionOptionsValidator()
    {
        RuleFor(o => o.CertificatePath)
            .NotEmpty()
            .WithMessage("WixAuth:DataProtection:CertificatePath is required: the Data Protection key ring is not stored unencrypted (for a throw-away local run only, set WixAuth:DataProtection:AllowUnencryptedKeys=true).")
            .When(o => !o.AllowUnencryptedKeys);
        RuleFor(o => o.CertificatePath)
            .Must(File.Exists)
            .WithMessage("WixAuth:DataProtection:CertificatePath names a file that does not exist.")
            .When(o => !string.IsNullOrWhiteSpace(o.CertificatePath));
        RuleFor(o => o)
            .Must(CanDecryptWith)
            .WithMessage("WixAuth:DataProtection:CertificatePath could not be opened with WixAuth:DataProtection:CertificatePassword, or holds no RSA private key.")
            .When(o => !string.IsNullOrWhiteSpace(o.CertificatePath) && File.Exists(o.CertificatePath));
        RuleFor(o => o.PreviousCertificates).Custom((previous, context) =>
        {
            for (var i = 0; i < previous.Count; i++)
            {
                var key = $"WixAuth:DataProtection:PreviousCertificates:{i}";
                if (string.IsNullOrWhiteSpace(previous[i].Path))
                {
                    context.AddFailure($"{key}:Path is required (or remove the entry).");
                }
                else if (!File.Exists(previous[i].Path))
                {
                    context.AddFailure($"{key}:Path names a file that does not exist.");
                }
                else if (!CanDecryptWith(previous[i].Path!, previous[i].Password))
                {
                    context.AddFailure($"{key}:Path could not be opened with {key}:Password, or holds no RSA private key.");
                }
            }
        });
        RuleFor(o => o.PreviousCertificates)
            .Empty()
            .WithMessage("WixAuth:DataProtection:PreviousCertificates needs a current certificate (WixAuth:DataProtection:CertificatePath) to re-encrypt under.")
            .When(o => string.IsNullOrWhiteSpace(o.CertificatePath));
    }

    private static bool CanDecryptWith(WixDataProtectionOptions options) => CanDecryptWith(options.CertificatePath!, options.CertificatePassword);

    private static bool CanDecryptWith(string path, string? password)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            using var rsa = certificate.GetRSAPrivateKey();
            return rsa is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public ValidateOptionsResult Validate(string? name, WixDataProtectionOptions options)
    {
        var result = Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
