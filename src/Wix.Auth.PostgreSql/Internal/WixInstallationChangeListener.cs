using System.Globalization;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// LISTENs on <see cref="Channel"/> (notified by the <c>wix_installations</c> trigger of migration 0012 whenever an
/// installation's generation changes) on a connection of its own, outside the pool, and tells every
/// <see cref="IWixInstallationChangeObserver"/>. A lost connection is re-opened with backoff (logged once per drop and
/// once on recovery); on recovery, the changes recorded while it was away are read from <c>generation_changed_at</c> and
/// reported too, so no removal is missed for longer than the reconnection takes. A keep-alive query every
/// <see cref="KeepAlive"/> finds a connection that died silently.
/// </summary>
internal sealed class WixInstallationChangeListener(
    IOptions<WixPostgresStoreOptions> options,
    IEnumerable<IWixInstallationChangeObserver> observers,
    TimeProvider timeProvider,
    ILogger<WixInstallationChangeListener> logger) : BackgroundService
{
    public const string Channel = "wix_installation_changes";

    /// <summary>Suffix of the listener's <c>application_name</c>, so operators (and tests) can tell its session apart.</summary>
    public const string ApplicationNameSuffix = "listener";

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IWixInstallationChangeObserver[] _observers = observers.ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ListenForChanges || _observers.Length == 0)
        {
            return;
        }

        var connectionString = ConnectionString(options.Value);
        DateTime? lastSeen = null;
        DateTimeOffset? lostAt = null;
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await connection.ExecuteAsync(new CommandDefinition($"LISTEN {Channel}", cancellationToken: stoppingToken)).ConfigureAwait(false);

                // After LISTEN, so a change committed from now on is notified and one committed before is read here.
                var since = lastSeen;
                lastSeen = await DatabaseNowAsync(connection, stoppingToken).ConfigureAwait(false);
                if (lostAt is { } lost)
                {
                    var caughtUp = since is { } from ? await CatchUpAsync(connection, from, stoppingToken).ConfigureAwait(false) : 0;
                    StoreLog.ListenerRecovered(logger, timeProvider.GetUtcNow() - lost, caughtUp);
                    lostAt = null;
                }
                else
                {
                    StoreLog.ListenerSubscribed(logger, Channel);
                }

                backoff = FirstBackoff;
                while (true)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken).ConfigureAwait(false))
                    {
                        lastSeen = await DatabaseNowAsync(connection, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the listener reconnects; it must never stop the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (lostAt is null)
                {
                    lostAt = timeProvider.GetUtcNow();
                    StoreLog.ListenerLost(logger, ex.GetType().Name);
                }

                try
                {
                    await Task.Delay(backoff, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
    }

    internal static string ConnectionString(WixPostgresStoreOptions options)
    {
        // Not pooled: the session lives as long as the process and must not take one of the pool's connections.
        var builder = new NpgsqlConnectionStringBuilder(WixPostgresConnectionString.Build(options))
        {
            Pooling = false,
            KeepAlive = 10,
        };
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "Wix.Auth " + ApplicationNameSuffix : builder.ApplicationName + " " + ApplicationNameSuffix;
        return builder.ConnectionString;
    }

    private static Task<DateTime> DatabaseNowAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<DateTime>(new CommandDefinition("SELECT now()", cancellationToken: cancellationToken));

    /// <summary>Reports what changed since <paramref name="since"/> (the database's clock, with a second of margin).</summary>
    private async Task<int> CatchUpAsync(NpgsqlConnection connection, DateTime since, CancellationToken cancellationToken)
    {
        var changes = (await connection.QueryAsync<(string InstanceId, long Generation)>(new CommandDefinition(
            "SELECT instance_id, generation FROM wix_installations WHERE generation_changed_at >= @since",
            new { since = since.AddSeconds(-1) }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        foreach (var (instanceId, generation) in changes)
        {
            Dispatch(new WixInstallationChange(instanceId, generation));
        }

        return changes.Count;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // '<generation>:<instance id>': the instance ID may itself contain ':', the generation never does.
        var separator = e.Payload.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == e.Payload.Length - 1
            || !long.TryParse(e.Payload.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            StoreLog.ChangeNotificationMalformed(logger, e.Channel);
            return;
        }

        Dispatch(new WixInstallationChange(e.Payload[(separator + 1)..], generation));
    }

    private void Dispatch(WixInstallationChange change)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnInstallationChanged(change);
            }
#pragma warning disable CA1031 // One failing observer must not keep the others (or the listener) from their change.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                StoreLog.ChangeObserverFailed(logger, observer.GetType().Name, change.InstanceId, ex);
            }
        }
    }
}
