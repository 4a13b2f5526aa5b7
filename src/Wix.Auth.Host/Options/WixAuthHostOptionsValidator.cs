using System.Net;
using FluentValidation;

namespace Wix.Auth.Host.Options;

/// <summary>Fails start-up on a misconfigured server, naming each configuration key and never printing a key's value.</summary>
internal sealed class WixAuthHostOptionsValidator : AbstractValidator<WixAuthHostOptions>
{
    /// <summary>A key shorter than this is guessable; the README tells operators to generate 32 random bytes.</summary>
    internal const int MinimumApiKeyLength = 16;

    public WixAuthHostOptionsValidator()
    {
        RuleFor(o => o.PublicBaseUrl)
            .NotNull()
            .WithMessage("WixAuth:PublicBaseUrl is required (this server's external base URL; the Redirect URL is {PublicBaseUrl}/oauth/callback).")
            .Must(u => u is null || (u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback) && string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment)))
            .WithMessage("WixAuth:PublicBaseUrl must be an absolute https URL (http only for localhost), without query or fragment.");

        RuleFor(o => o.ApiKeys)
            .NotEmpty()
            .WithMessage("WixAuth:ApiKeys:0 is required: at least one key for the token API.");

        RuleForEach(o => o.ApiKeys)
            .Must(k => !string.IsNullOrWhiteSpace(k) && k.Trim().Length >= MinimumApiKeyLength)
            .WithMessage((_, _) => $"Every WixAuth:ApiKeys entry must be at least {MinimumApiKeyLength} characters (e.g. 32 random bytes, base64).");

        RuleFor(o => o.InstallationCacheDuration)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(1))
            .WithMessage("WixAuth:InstallationCacheDuration must be between 00:00:00 and 00:01:00.");

        RuleFor(o => o.InstallationStaleIfError)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(1))
            .WithMessage("WixAuth:InstallationStaleIfError must be between 00:00:00 and 1.00:00:00.");

        RuleFor(o => o.InstallationCacheSize)
            .InclusiveBetween(1, 10_000_000)
            .WithMessage("WixAuth:InstallationCacheSize must be between 1 and 10000000.");

        RuleFor(o => o.HandshakeRequestsPerMinute)
            .InclusiveBetween(1, 100_000)
            .WithMessage("WixAuth:HandshakeRequestsPerMinute must be between 1 and 100000.");

        RuleFor(o => o.OperatorPageSize)
            .InclusiveBetween(1, 500)
            .WithMessage("WixAuth:OperatorPageSize must be between 1 and 500.");

        RuleForEach(o => o.ForwardedHeaders.KnownProxies)
            .Must(p => IPAddress.TryParse(p, out _))
            .WithMessage("Every WixAuth:ForwardedHeaders:KnownProxies entry must be an IP address.");

        RuleForEach(o => o.ForwardedHeaders.KnownNetworks)
            .Must(n => System.Net.IPNetwork.TryParse(n, out _))
            .WithMessage("Every WixAuth:ForwardedHeaders:KnownNetworks entry must be a CIDR network such as 10.0.0.0/8.");

        RuleFor(o => o.ForwardedHeaders.ForwardLimit)
            .InclusiveBetween(1, 10)
            .WithMessage("WixAuth:ForwardedHeaders:ForwardLimit must be between 1 and 10.");
    }
}
