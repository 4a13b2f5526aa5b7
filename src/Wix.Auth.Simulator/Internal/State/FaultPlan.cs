namespace Wix.Auth.Simulator.Internal.State;

/// <summary>
/// The faults armed through the control API, each taken by the request it hits: failing token requests, failing Token
/// Info requests, Token Info answers naming another app, and the latency added to token requests.
/// </summary>
internal sealed class FaultPlan
{
    private readonly object _gate = new();
    private int _tokenFailuresLeft;
    private int _tokenFailureStatus;
    private TimeSpan? _tokenFailureRetryAfter;
    private int _tokenInfoFailuresLeft;
    private int _tokenInfoFailureStatus;
    private int _foreignTokenInfoAnswersLeft;
    private string? _foreignTokenInfoClientId;
    private long _latencyTicks;

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    public void FailTokenRequests(int count, int statusCode, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            Volatile.Write(ref _tokenFailuresLeft, count);
            _tokenFailureStatus = statusCode;
            _tokenFailureRetryAfter = retryAfter;
        }
    }

    public void FailTokenInfoRequests(int count, int statusCode)
    {
        lock (_gate)
        {
            Volatile.Write(ref _tokenInfoFailuresLeft, count);
            _tokenInfoFailureStatus = statusCode;
        }
    }

    public void AnswerTokenInfoAsApp(int count, string clientId)
    {
        lock (_gate)
        {
            _foreignTokenInfoAnswersLeft = count;
            _foreignTokenInfoClientId = clientId;
        }
    }

    public bool TryTakeTokenFault(out int statusCode, out TimeSpan? retryAfter)
    {
        statusCode = 0;
        retryAfter = null;

        // Hot path of the load test: no lock unless a fault is armed.
        if (Volatile.Read(ref _tokenFailuresLeft) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_tokenFailuresLeft == 0)
            {
                return false;
            }

            _tokenFailuresLeft--;
            statusCode = _tokenFailureStatus;
            retryAfter = _tokenFailureRetryAfter;
            return true;
        }
    }

    public bool TryTakeTokenInfoFault(out int statusCode)
    {
        statusCode = 0;
        if (Volatile.Read(ref _tokenInfoFailuresLeft) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_tokenInfoFailuresLeft == 0)
            {
                return false;
            }

            _tokenInfoFailuresLeft--;
            statusCode = _tokenInfoFailureStatus;
            return true;
        }
    }

    /// <summary>The foreign client ID to answer Token Info with this once, or null when none is armed.</summary>
    public string? TakeForeignTokenInfoClientId()
    {
        lock (_gate)
        {
            if (_foreignTokenInfoAnswersLeft == 0)
            {
                return null;
            }

            _foreignTokenInfoAnswersLeft--;
            return _foreignTokenInfoClientId;
        }
    }
}
