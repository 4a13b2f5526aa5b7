using FluentValidation;

namespace Wix.Auth.Internal.Options;

/// <summary>The rules for <see cref="WixAuthOptions"/>; every message names its configuration key and never a value.</summary>
internal sealed class WixAuthOptionsValidator : AbstractValidator<WixAuthOptions>
{
    private const string Prefix = WixAuthOptions.SectionName + ":";

    public WixAuthOptionsValidator()
    {
        RuleFor(o => o.AppId).NotEmpty().WithMessage(Prefix + "AppId is required.");
        RuleFor(o => o.AppId).Must(id => Guid.TryParse(id, out _)).When(o => !string.IsNullOrEmpty(o.AppId)).WithMessage(Prefix + "AppId must be a GUID.");
        RuleFor(o => o.AppSecret).NotEmpty().WithMessage(Prefix + "AppSecret is required.");
        RuleFor(o => o.ApiBaseUrl).Must(IsHttpsOrLoopback).WithMessage(Prefix + "ApiBaseUrl must be an absolute https URL (plain http only on a loopback address): the app secret is sent there.");
        RuleFor(o => o.InstallerBaseUrl).Must(IsHttpsOrLoopback).WithMessage(Prefix + "InstallerBaseUrl must be an absolute https URL (plain http only on a loopback address).");
        RuleFor(o => o.PublicKey).Must(IsPublicKey!).When(o => !string.IsNullOrWhiteSpace(o.PublicKey))
            .WithMessage(Prefix + "PublicKey is not a PEM public key or base64 of one.");
        RuleFor(o => o.TokenExpirySkew).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(1))
            .WithMessage(Prefix + "TokenExpirySkew must be between 00:00:00 and 01:00:00.");
        RuleFor(o => o.TokenCacheSize).GreaterThan(0).WithMessage(Prefix + "TokenCacheSize must be positive.");
        RuleFor(o => o.LegacyAccessTokenLifetime).GreaterThan(TimeSpan.Zero).WithMessage(Prefix + "LegacyAccessTokenLifetime must be positive.");
        RuleFor(o => o.HttpAttemptTimeout).GreaterThan(TimeSpan.Zero).WithMessage(Prefix + "HttpAttemptTimeout must be positive.");
        RuleFor(o => o.HttpTotalTimeout).GreaterThanOrEqualTo(o => o.HttpAttemptTimeout)
            .WithMessage(Prefix + "HttpTotalTimeout must be at least HttpAttemptTimeout.");
        RuleFor(o => o.MaxRetryAttempts).InclusiveBetween(0, 10).WithMessage(Prefix + "MaxRetryAttempts must be between 0 and 10.");
        RuleFor(o => o.CircuitBreakerMinimumThroughput).GreaterThanOrEqualTo(2)
            .WithMessage(Prefix + "CircuitBreakerMinimumThroughput must be at least 2.");
        RuleFor(o => o.CircuitBreakerBreakDuration).InclusiveBetween(TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1))
            .WithMessage(Prefix + "CircuitBreakerBreakDuration must be between 00:00:00.5 and 1.00:00:00.");
        RuleFor(o => o.MaxResponseBytes).InclusiveBetween(1024, 16 * 1024 * 1024)
            .WithMessage(Prefix + "MaxResponseBytes must be between 1024 and 16777216.");
        RuleFor(o => o.RateLimitScope).IsInEnum().WithMessage(Prefix + "RateLimitScope must be App or Instance.");
        RuleFor(o => o.RateLimitMaxWait).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(5))
            .WithMessage(Prefix + "RateLimitMaxWait must be between 00:00:00 and 00:05:00.");
    }

    // Plain http would carry the app secret and tokens in clear; the simulator and local runs listen on loopback.
    private static bool IsHttpsOrLoopback(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    // One parser for start-up and for webhook verification: a key accepted here is a key webhooks verify with.
    private static bool IsPublicKey(string value)
    {
        if (!WixPublicKeyParser.TryParse(value, out var rsa, out _))
        {
            return false;
        }

        rsa.Dispose();
        return true;
    }
}
