using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wix.Auth.Internal;

namespace Wix.Auth.Core.Tests.Verification;

public sealed class VerificationRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        // What AddWixAuth does for the core options; the verification registration adds its own validator to them.
        services.AddOptions<WixAuthOptions>().Bind(configuration.GetSection(WixAuthOptions.SectionName)).ValidateOnStart();
        WixVerificationServiceRegistration.AddWixVerification(services, configuration);
        WixVerificationServiceRegistration.AddWixVerification(services, configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void Registering_twice_resolves_one_verifier_of_each_kind_bound_from_configuration()
    {
        using var provider = Build(new() { ["Wix:Webhooks:ClockSkew"] = "00:00:45", ["Wix:Instance:MaxAge"] = "01:00:00" });

        Assert.Same(provider.GetRequiredService<WixWebhookVerifier>(), provider.GetRequiredService<IWixWebhookVerifier>());
        Assert.Same(provider.GetRequiredService<WixInstanceVerifier>(), provider.GetRequiredService<IWixInstanceVerifier>());
        Assert.Equal(TimeSpan.FromSeconds(45), provider.GetRequiredService<IOptions<WixWebhookVerificationOptions>>().Value.ClockSkew);
        Assert.Equal(TimeSpan.FromHours(1), provider.GetRequiredService<IOptions<WixInstanceVerificationOptions>>().Value.MaxAge);
        Assert.Single(provider.GetServices<IValidateOptions<WixWebhookVerificationOptions>>());
    }

    [Fact]
    public void Bad_settings_fail_at_start_naming_their_keys_and_never_the_key_value()
    {
        using var provider = Build(new()
        {
            ["Wix:Webhooks:ClockSkew"] = "00:05:00",
            ["Wix:Webhooks:MaxBodyBytes"] = "10",
            ["Wix:Webhooks:RedeliveryWindow"] = "8.00:00:00",
            ["Wix:Instance:ClockSkew"] = "01:00:00",
        });
        var validator = provider.GetRequiredService<IStartupValidator>();

        var ex = Assert.Throws<AggregateException>(validator.Validate);

        var messages = string.Join("\n", ex.InnerExceptions.Select(e => e.Message));
        Assert.Contains("Wix:Webhooks:ClockSkew", messages, StringComparison.Ordinal);
        Assert.Contains("Wix:Webhooks:MaxBodyBytes", messages, StringComparison.Ordinal);
        Assert.Contains("Wix:Webhooks:RedeliveryWindow", messages, StringComparison.Ordinal);
        Assert.Contains("Wix:Instance:ClockSkew", messages, StringComparison.Ordinal);
    }
}
