using System.Data.Common;
using Wix.Auth.Advanced;

namespace Wix.Auth.Host.Instances;

/// <summary>Which exceptions mean "the database cannot be reached or is too slow", as opposed to a bug.</summary>
internal static class StoreFailures
{
    /// <summary>
    /// The store's own <see cref="WixStoreUnavailableException"/>, a database error (connection refused, terminated, pool wait timed out) or a timeout (the refresh lock not
    /// granted in time). Both are answered 503 and, for status reads, served from memory while that is allowed.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception is WixStoreUnavailableException or DbException or TimeoutException;
}
