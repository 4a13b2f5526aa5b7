namespace Wix.Auth.Internal.Identity;

/// <summary>
/// One Token Info request that every concurrent verification of the same token waits for. It remembers its token so
/// that a waiter whose token merely shares the key never receives another token's identity.
/// </summary>
internal sealed class InFlightVerification(string token)
{
    private readonly string _token = token;

    public TaskCompletionSource<WixIdentity> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<WixIdentity> Task => Completion.Task;

    public bool IsFor(string token) => string.Equals(_token, token, StringComparison.Ordinal);
}
