namespace Wix.Auth.Simulator;

// Answers lost or spoilt after the grant was carried out (checklist C5, FI-2, FI-3): Wix's state has changed, the app
// does not learn how. Distinct from FailNextTokenRequests, which refuses a request before anything happens.
public sealed partial class WixSimulatorControl
{
    private readonly object _answerFaultGate = new();
    private int _answerFaultsLeft;
    private string? _answerFaultGrant;
    private WixSimulatedAnswerFault _answerFault;

    /// <summary>
    /// Spoils the next <paramref name="count"/> successful answers of <c>/oauth/access</c> for <paramref name="grantType"/>
    /// (<c>authorization_code</c> or <c>refresh_token</c>) after the grant took effect: the code is used up, a rotated refresh
    /// token is revoked and its successor issued, then the answer is lost or malformed as <paramref name="fault"/> says.
    /// </summary>
    public void SpoilNextAnswers(string grantType, int count, WixSimulatedAnswerFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            throw new ArgumentException("grantType must be authorization_code or refresh_token.", nameof(grantType));
        }

        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault));
        }

        lock (_answerFaultGate)
        {
            _answerFaultsLeft = count;
            _answerFaultGrant = grantType;
            _answerFault = fault;
        }
    }

    /// <summary>The fault to apply to this successful answer of <paramref name="grantType"/>, if one is armed.</summary>
    internal bool TryTakeAnswerFault(string grantType, out WixSimulatedAnswerFault fault)
    {
        lock (_answerFaultGate)
        {
            fault = _answerFault;
            if (_answerFaultsLeft == 0 || _answerFaultGrant != grantType)
            {
                return false;
            }

            _answerFaultsLeft--;
            return true;
        }
    }
}
