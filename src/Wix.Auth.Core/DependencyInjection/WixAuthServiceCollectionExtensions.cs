using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Wix.Auth;
using Wix.Auth.Internal;
using Wix.Auth.Internal.Caching;
using Wix.Auth.Internal.Http;
using Wix.Auth.Internal.Identity;
using Wix.Auth.Internal.Options;
using Wix.Auth.Internal.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The one entry point of Wix.Auth: options, the token client, the token manager.</summary>
public static class WixAuthServiceCollectionExtensions
{
    /// <summary>Registers Wix.Auth with options bound from the <c>Wix</c> section of <paramref name="configuration"/>.</summary>
    public static WixAuthBuilder AddWixAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WixAuthOptions>().Bind(configuration.GetSection(WixAuthOptions.SectionName));
        return AddCore(services, configuration);
    }

    /// <summary>Registers Wix.Auth with options set in code.</summary>
    public static WixAuthBuilder AddWixAuth(this IServiceCollection services, Action<WixAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WixAuthOptions>().Configure(configure);
        return AddCore(services, configuration: null);
    }

    /// <summary>Adds <see cref="WixAccessTokenHandler"/> to an <see cref="HttpClient"/> that calls Wix APIs.</summary>
    public static IHttpClientBuilder AddWixAccessTokenHandler(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddTransient<WixAccessTokenHandler>();
        return builder.AddHttpMessageHandler<WixAccessTokenHandler>();
    }

    private static WixAuthBuilder AddCore(IServiceCollection services, IConfiguration? configuration)
    {
        // Webhook and signed-instance verification read the same app identity; TryAdd makes this idempotent.
        WixVerificationServiceRegistration.AddWixVerification(services, configuration);
        WixIdentityServiceRegistration.AddWixIdentity(services, configuration);

        // Safe to call twice: the HttpClient pipeline must not be stacked twice.
        if (services.Any(d => d.ServiceType == typeof(WixAuthMarker)))
        {
            return new WixAuthBuilder(services);
        }

        services.AddSingleton<WixAuthMarker>();
        services.AddOptions<WixAuthOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixAuthOptions>, WixAuthOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        // IMeterFactory (a host registers it already; TryAdd inside): instruments without forcing an exporter on anyone.
        services.AddMetrics();
        services.TryAddSingleton<WixAuthMetrics>();
        services.TryAddSingleton<IWixTokenManager, WixTokenManager>();
        services.TryAddSingleton<WixTokenRateGate>();
        services.TryAddTransient<WixRateLimitHandler>();

        var tokenClient = services.AddHttpClient<IWixTokenClient, WixTokenClient>(WixTokenRequestOptions.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            // The token client is captured by singletons, so DNS changes are picked up by the connection lifetime, not handler rotation.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A 307/308 would re-post the app secret to the redirect target (checklist C2).
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        tokenClient.AddResilienceHandler(WixTokenRequestOptions.HttpClientName, ConfigurePipeline);
        // Added after the resilience handler, so inside it: each attempt waits for the shared not-before (checklist L3).
        tokenClient.AddHttpMessageHandler<WixRateLimitHandler>();

        return new WixAuthBuilder(services);
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<WixAuthOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Wix.Auth.TokenClient") ?? NullLogger.Instance;

        pipeline.AddTimeout(options.HttpTotalTimeout);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = WixTokenRequestOptions.MaxRetryAfter,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetryAttempts > 0 && IsRetryable(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
            OnRetry = args =>
            {
                var reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                Log.TokenRequestRetrying(logger, args.AttemptNumber + 1, args.RetryDelay, reason);
                return default;
            },
        });
        // Inside the retry, so each attempt counts; when Wix keeps failing, calls fail fast instead of piling up
        // (checklist C6). Not tied to the per-request no-retry mark: a paused code exchange is never sent at all.
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.CircuitBreakerBreakDuration,
            // A 429 with Retry-After is Wix rate-limiting, not Wix failing: the retry above waits what it says. Counted
            // here, a burst of them (checklist L3: a mass expiry against a rate limit) opened the circuit and paused every
            // token request for the break duration, far longer than Wix asked; without Retry-After it still counts.
            ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome) && !IsRateLimitWithRetryAfter(args.Outcome.Result)),
            OnOpened = args =>
            {
                Log.TokenEndpointCircuitOpened(logger, args.BreakDuration);
                return default;
            },
        });
        pipeline.AddTimeout(options.HttpAttemptTimeout);
    }

    private static bool IsRateLimitWithRetryAfter(HttpResponseMessage? response) =>
        response is { StatusCode: HttpStatusCode.TooManyRequests, Headers.RetryAfter: not null };

    // The authorization-code exchange opts out: once sent, a retry could redeem a single-use code twice (checklist C5).
    private static bool IsRetryable(ResilienceContext context) =>
        context.GetRequestMessage() is not { } request
        || !request.Options.TryGetValue(WixTokenRequestOptions.DoNotRetry, out var doNotRetry)
        || !doNotRetry;

    // Honour Retry-After on 429/503, capped so one answer cannot hold a caller for long; null falls back to jittered backoff.
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d || d < TimeSpan.Zero)
        {
            return null;
        }

        return d > WixTokenRequestOptions.MaxRetryAfter ? WixTokenRequestOptions.MaxRetryAfter : d;
    }
}
