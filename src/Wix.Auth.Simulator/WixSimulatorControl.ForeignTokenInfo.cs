namespace Wix.Auth.Simulator;

// Token Info naming another app (wix-protocol.md §4): what an install callback sees when the code it exchanged, or the
// token Wix answered with, belongs to another app (a confused deployment, or an attacker's code replayed at our callback).
public sealed partial class WixSimulatorControl
{
    private readonly object _foreignTokenInfoGate = new();
    private int _foreignTokenInfoAnswersLeft;
    private string? _foreignTokenInfoClientId;

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
}
