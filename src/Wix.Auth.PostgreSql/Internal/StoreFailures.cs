using System.Data.Common;
using System.Security.Cryptography;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The one place that decides which of the driver's exceptions mean "the store is unavailable": every
/// <see cref="DbException"/> (Npgsql's connection, I/O and command-timeout failures are <c>NpgsqlException</c>s) and
/// <see cref="TimeoutException"/> (the refresh lease not granted within its timeout), also when Data Protection reports
/// the key ring it could not load from the database as a <see cref="CryptographicException"/>. Cancellation by the
/// caller and programming errors (argument checks) pass through unchanged.
/// </summary>
internal static class StoreFailures
{
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or TimeoutException
        || (exception is CryptographicException && HasDatabaseCause(exception));

    private static bool HasDatabaseCause(Exception exception)
    {
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException)
            {
                return true;
            }
        }

        return false;
    }

    public static WixStoreUnavailableException Wrap(Exception exception) =>
        new(exception is TimeoutException
                ? "The PostgreSQL store did not answer in time: " + exception.Message
                : "The PostgreSQL store is unavailable (" + exception.GetType().Name + ").",
            exception);

    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Wrap(ex);
        }
    }

    public static async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Wrap(ex);
        }
    }
}
