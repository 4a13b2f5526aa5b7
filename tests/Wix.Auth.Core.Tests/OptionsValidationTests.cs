using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Wix.Auth.Core.Tests;

public sealed class OptionsValidationTests
{
    private const string Secret = "super-secret-app-key-value";

    public static TheoryData<string, string?, string> BrokenKeys => new()
    {
        { "AppId", null, "Wix:AppId is required." },
        { "AppId", "not-a-guid", "Wix:AppId must be a GUID." },
        { "AppSecret", null, "Wix:AppSecret is required." },
        { "ApiBaseUrl", "ftp://files.example.com", "Wix:ApiBaseUrl must be an absolute https URL (plain http only on a loopback address): the app secret is sent there." },
        { "ApiBaseUrl", "/relative", "Wix:ApiBaseUrl must be an absolute https URL (plain http only on a loopback address): the app secret is sent there." },
        { "ApiBaseUrl", "http://www.wixapis.com", "Wix:ApiBaseUrl must be an absolute https URL (plain http only on a loopback address): the app secret is sent there." },
        { "ApiBaseUrl", "http://10.0.0.5:8080", "Wix:ApiBaseUrl must be an absolute https URL (plain http only on a loopback address): the app secret is sent there." },
        { "InstallerBaseUrl", "mailto:someone@example.com", "Wix:InstallerBaseUrl must be an absolute https URL (plain http only on a loopback address)." },
        { "InstallerBaseUrl", "http://www.wix.com", "Wix:InstallerBaseUrl must be an absolute https URL (plain http only on a loopback address)." },
        { "PublicKey", "this is not a key", "Wix:PublicKey is not a PEM public key or base64 of one." },
        { "PublicKey", "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0Kbm9wZQotLS0tLUVORCBQVUJMSUMgS0VZLS0tLS0=", "Wix:PublicKey is not a PEM public key or base64 of one." },
        { "PublicKey", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----", "Wix:PublicKey is not a PEM public key or base64 of one." },
        { "TokenExpirySkew", "-00:01:00", "Wix:TokenExpirySkew must be between 00:00:00 and 01:00:00." },
        { "TokenCacheSize", "0", "Wix:TokenCacheSize must be positive." },
        { "MaxRetryAttempts", "50", "Wix:MaxRetryAttempts must be between 0 and 10." },
        { "HttpTotalTimeout", "00:00:01", "Wix:HttpTotalTimeout must be at least HttpAttemptTimeout." },
        { "CircuitBreakerMinimumThroughput", "1", "Wix:CircuitBreakerMinimumThroughput must be at least 2." },
        { "CircuitBreakerBreakDuration", "00:00:00", "Wix:CircuitBreakerBreakDuration must be between 00:00:00.5 and 1.00:00:00." },
        { "MaxResponseBytes", "10", "Wix:MaxResponseBytes must be between 1024 and 16777216." },
        { "RateLimitScope", "5", "Wix:RateLimitScope must be App or Instance." },
        { "RateLimitMaxWait", "-00:00:01", "Wix:RateLimitMaxWait must be between 00:00:00 and 00:05:00." },
        { "RateLimitMaxWait", "00:06:00", "Wix:RateLimitMaxWait must be between 00:00:00 and 00:05:00." },
    };

    [Theory]
    [MemberData(nameof(BrokenKeys))]
    public async Task Each_broken_key_stops_the_host_with_a_message_naming_it(string key, string? value, string expected)
    {
        var settings = ValidSettings();
        settings["Wix:" + key] = value;
        using var host = BuildHost(settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal([expected], ex.Failures);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_broken_keys_are_all_reported_at_once()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Wix:AppSecret"] = Secret, ["Wix:AppId"] = "x", ["Wix:TokenCacheSize"] = "-1" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Wix:AppId must be a GUID.", ex.Failures);
        Assert.Contains("Wix:TokenCacheSize must be positive.", ex.Failures);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_configuration_starts_with_a_pem_or_base64_public_key(bool base64)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        var settings = ValidSettings();
        settings["Wix:PublicKey"] = base64 ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem)) : pem;
        using var host = BuildHost(settings);

        await host.StartAsync();

        Assert.Equal(new Uri("https://www.wixapis.com"), host.Services.GetRequiredService<IOptions<WixAuthOptions>>().Value.ApiBaseUrl);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://simulator.example.test")]
    public async Task Plain_http_base_urls_are_accepted_only_on_loopback(string url)
    {
        var settings = ValidSettings();
        settings["Wix:ApiBaseUrl"] = url;
        settings["Wix:InstallerBaseUrl"] = url;
        using var host = BuildHost(settings);

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void Calling_AddWixAuth_twice_registers_each_service_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ValidSettings()).Build();
        var services = new ServiceCollection();
        services.AddWixAuth(configuration).AddClientCredentials();
        services.AddWixAuth(configuration).AddClientCredentials();

        Assert.Single(services, d => d.ServiceType == typeof(IWixTokenClient));
        Assert.Single(services, d => d.ServiceType == typeof(IWixTokenManager));
        Assert.Single(services, d => d.ServiceType == typeof(IWixAuthStrategy));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<WixAuthOptions>));
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Wix:AppId"] = "0b0b5b8e-5f3c-4b9a-9d61-6a3a3f1c2d01",
        ["Wix:AppSecret"] = Secret,
    };

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWixAuth(builder.Configuration).AddClientCredentials();
        return builder.Build();
    }
}
