using Microsoft.Extensions.Options;

namespace Wix.Auth.PostgreSql.Internal;

/// <summary>
/// The store's timeouts against the token client's: a refresh lease holds its lock and its transaction open while Wix
/// answers (up to <see cref="WixAuthOptions.HttpTotalTimeout"/>), so both the lock wait and the server's idle-transaction
/// limit must be longer, or a refresh that was about to succeed is cut off (checklist I3, FI-12); and a handshake is
/// only taken as interrupted once it cannot still be waiting for Wix (FI-2).
/// </summary>
internal sealed class WixPostgresTimeoutsValidator(IOptions<WixAuthOptions> wixOptions) : IValidateOptions<WixPostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, WixPostgresStoreOptions options)
    {
        var http = wixOptions.Value.HttpTotalTimeout;
        var errors = new List<string>();
        if (options.RefreshLockTimeout <= http)
        {
            errors.Add($"WixAuth:Postgres:RefreshLockTimeout ({options.RefreshLockTimeout}) must exceed Wix:HttpTotalTimeout ({http}): another process holds the refresh lock while Wix answers it.");
        }

        if (options.IdleInTransactionSessionTimeout <= http)
        {
            errors.Add($"WixAuth:Postgres:IdleInTransactionSessionTimeout ({options.IdleInTransactionSessionTimeout}) must exceed Wix:HttpTotalTimeout ({http}): a refresh lease is idle in its transaction while Wix answers.");
        }

        if (options.InterruptedHandshakeAfter <= 2 * http)
        {
            errors.Add($"WixAuth:Postgres:InterruptedHandshakeAfter ({options.InterruptedHandshakeAfter}) must exceed twice Wix:HttpTotalTimeout ({http}): an install callback may wait that long for the code exchange and Token Info, and a handshake still in flight must not be taken for an interrupted one.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
