using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wix.Auth.PostgreSql.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the delivery of outbound notifications (the outbox the PostgreSQL store fills) to the app.</summary>
public static class WixPostgresNotificationsBuilderExtensions
{
    /// <summary>
    /// Sends every installation change recorded in the outbox to <see cref="WixNotificationOptions.Url"/>, signed with
    /// <see cref="WixNotificationOptions.Secret"/> (Standard Webhooks). Call after <c>AddPostgresStore</c>; options are
    /// validated at start-up. Safe to call twice.
    /// </summary>
    public static WixAuthBuilder AddPostgresNotifications(this WixAuthBuilder builder, Action<WixNotificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<WixNotificationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WixNotificationOptions>, WixNotificationOptionsValidator>());
        services.AddHttpClient(WixNotificationDispatcher.HttpClientName);
        services.AddMetrics();
        services.TryAddSingleton<WixNotificationMetrics>();
        services.TryAddSingleton<WixNotificationDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WixNotificationDispatcher>(sp => sp.GetRequiredService<WixNotificationDispatcher>()));
        return builder;
    }
}
