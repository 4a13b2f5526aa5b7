namespace Wix.Auth.Simulator;

// Token Info naming another app or instance (wix-protocol.md §4): what an install callback or a migration sees when the
// code it exchanged, or the token Wix answered with, belongs to another app or site (a confused deployment, credentials
// of another app, or an attacker's code replayed at our callback).
public sealed partial class WixSimulatorControl
{
    private readonly object _foreignTokenInfoGate = new();
    private int _foreignTokenInfoAnswersLeft;
    private string? _foreignTokenInfoClientId;
    private int _foreignInstanceAnswersLeft;
    private string? _foreignTokenInfoInstanceId;

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info answers about an access token name <paramref name="clientId"/>
    /// as the app the token was issued to, everything else (instance, site, activity) unchanged.
    /// </summary>
    public void AnswerNextTokenInfoRequestsAsApp(int count, string clientId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        lock (_foreignTokenInfoGate)
        {
            _foreignTokenInfoAnswersLeft = count;
            _foreignTokenInfoClientId = clientId;
        }
    }

    /// <summary>The foreign client ID to answer with this once, or null when none is armed.</summary>
    internal string? TakeForeignTokenInfoClientId()
    {
        lock (_foreignTokenInfoGate)
        {
            if (_foreignTokenInfoAnswersLeft == 0)
            {
                return null;
            }

            _foreignTokenInfoAnswersLeft--;
            return _foreignTokenInfoClientId;
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info answers about an access token name <paramref name="instanceId"/>
    /// as the instance the token was issued for, everything else (app, site, activity) unchanged.
    /// </summary>
    public void AnswerNextTokenInfoRequestsAsInstance(int count, string instanceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        lock (_foreignTokenInfoGate)
        {
            _foreignInstanceAnswersLeft = count;
            _foreignTokenInfoInstanceId = instanceId;
        }
    }

    /// <summary>The foreign instance ID to answer with this once, or null when none is armed.</summary>
    internal string? TakeForeignTokenInfoInstanceId()
    {
        lock (_foreignTokenInfoGate)
        {
            if (_foreignInstanceAnswersLeft == 0)
            {
                return null;
            }

            _foreignInstanceAnswersLeft--;
            return _foreignTokenInfoInstanceId;
        }
    }
}
