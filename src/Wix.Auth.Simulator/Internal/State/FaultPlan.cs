using System.Collections.Concurrent;

namespace Wix.Auth.Simulator.Internal.State;

/// <summary>
/// The faults armed through the control API, each taken by the request it hits: failing token requests, failing Token
/// Info requests, Token Info answers naming another app or instance, client credentials refused for chosen instances,
/// and the latency added to token requests.
/// </summary>
internal sealed class FaultPlan
{
    private readonly Countdown<(int Status, TimeSpan? RetryAfter)> _tokenFailures = new();
    private readonly Countdown<int> _tokenInfoFailures = new();
    private readonly Countdown<string> _foreignTokenInfoClientIds = new();
    private readonly Countdown<string> _foreignTokenInfoInstanceIds = new();
    private readonly ConcurrentDictionary<string, bool> _clientCredentialsRefused = new(StringComparer.Ordinal);
    private long _latencyTicks;

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    public void FailTokenRequests(int count, int statusCode, TimeSpan? retryAfter) => _tokenFailures.Arm(count, (statusCode, retryAfter));

    public void FailTokenInfoRequests(int count, int statusCode) => _tokenInfoFailures.Arm(count, statusCode);

    public void AnswerTokenInfoAsApp(int count, string clientId) => _foreignTokenInfoClientIds.Arm(count, clientId);

    public void AnswerTokenInfoAsInstance(int count, string instanceId) => _foreignTokenInfoInstanceIds.Arm(count, instanceId);

    public void RefuseClientCredentials(string instanceId, bool refuse)
    {
        if (refuse)
        {
            _clientCredentialsRefused[instanceId] = true;
        }
        else
        {
            _clientCredentialsRefused.TryRemove(instanceId, out _);
        }
    }

    public bool IsClientCredentialsRefused(string instanceId) => !_clientCredentialsRefused.IsEmpty && _clientCredentialsRefused.ContainsKey(instanceId);

    public bool TryTakeTokenFault(out int statusCode, out TimeSpan? retryAfter)
    {
        var taken = _tokenFailures.TryTake(out var fault);
        (statusCode, retryAfter) = fault;
        return taken;
    }

    public bool TryTakeTokenInfoFault(out int statusCode) => _tokenInfoFailures.TryTake(out statusCode);

    /// <summary>The foreign client ID to answer Token Info with this once, or null when none is armed.</summary>
    public string? TakeForeignTokenInfoClientId() => _foreignTokenInfoClientIds.TryTake(out var clientId) ? clientId : null;

    /// <summary>The foreign instance ID to answer Token Info with this once, or null when none is armed.</summary>
    public string? TakeForeignTokenInfoInstanceId() => _foreignTokenInfoInstanceIds.TryTake(out var instanceId) ? instanceId : null;

    /// <summary>A fault armed for the next N requests, each taking one; re-arming replaces what is left.</summary>
    private sealed class Countdown<T>
    {
        private readonly object _gate = new();
        private int _left;
        private T _value = default!;

        public void Arm(int count, T value)
        {
            lock (_gate)
            {
                _value = value;
                Volatile.Write(ref _left, count);
            }
        }

        public bool TryTake(out T value)
        {
            value = default!;

            // Hot path of the load test: no lock unless a fault is armed.
            if (Volatile.Read(ref _left) == 0)
            {
                return false;
            }

            lock (_gate)
            {
                if (_left == 0)
                {
                    return false;
                }

                _left--;
                value = _value;
                return true;
            }
        }
    }
}
