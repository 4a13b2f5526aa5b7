using FluentValidation;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Advanced.Internal.OAuth;

/// <summary>Checks the handshake scheme's settings at start-up; every message names its configuration key.</summary>
internal sealed class WixOAuthOptionsValidator : IValidateOptions<WixOAuthOptions>
{
    private static readonly Rules Validator = new();

    public ValidateOptionsResult Validate(string? name, WixOAuthOptions options)
    {
        if (name != WixOAuthDefaults.AuthenticationScheme)
        {
            return ValidateOptionsResult.Skip;
        }

        var result = Validator.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }

    private sealed class Rules : AbstractValidator<WixOAuthOptions>
    {
        private const string Prefix = WixOAuthOptions.SectionName + ":";

        public Rules()
        {
            RuleFor(o => o.PublicBaseUrl).NotNull().WithMessage(Prefix + "PublicBaseUrl is required: the redirect URL registered with Wix is built from it.");
            RuleFor(o => o.PublicBaseUrl!).Must(u => u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback) && string.IsNullOrEmpty(u.Query))
                .When(o => o.PublicBaseUrl is not null)
                .WithMessage(Prefix + "PublicBaseUrl must be an absolute HTTPS URL without a query (plain HTTP only on loopback).");
            RuleFor(o => o.InstallPath).Must(IsPath).WithMessage(Prefix + "InstallPath must start with '/'.");
            RuleFor(o => o.CallbackPath.Value!).Must(IsPath).WithMessage(Prefix + "CallbackPath must start with '/'.");
            RuleFor(o => o.CompletePath).Must(IsPath).WithMessage(Prefix + "CompletePath must start with '/'.");
            RuleFor(o => o.OnboardingUrl!).Must(u => u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback))
                .When(o => o.OnboardingUrl is not null)
                .WithMessage(Prefix + "OnboardingUrl must be an absolute HTTPS URL (plain HTTP only on loopback).");
            RuleFor(o => o.StateLifetime).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10))
                .WithMessage(Prefix + "StateLifetime must be between 1 and 10 minutes (a Wix code lives 10 minutes).");
            RuleFor(o => o.OnboardingTicketLifetime).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(1))
                .WithMessage(Prefix + "OnboardingTicketLifetime must be between 1 minute and 1 day.");
            RuleFor(o => o.MaxParameterLength).InclusiveBetween(256, 8192)
                .WithMessage(Prefix + "MaxParameterLength must be between 256 and 8192.");
        }

        private static bool IsPath(string path) => path is { Length: > 1 } && path[0] == '/' && !path.Contains('?', StringComparison.Ordinal);
    }
}
