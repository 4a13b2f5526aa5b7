namespace Wix.Auth.Simulator;

// Faults a test arms: Wix failing, slow, forgetful, or answering about another app (wix-protocol.md §4).
public sealed partial class WixSimulatorControl
{
    /// <summary>Added to every token-endpoint request.</summary>
    public TimeSpan Latency
    {
        get => Faults.Latency;
        set => Faults.Latency = value;
    }

    /// <summary>Makes the next <paramref name="count"/> token-endpoint requests fail with <paramref name="statusCode"/>.</summary>
    public void FailNextTokenRequests(int count, int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Faults.FailTokenRequests(count, statusCode, retryAfter);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info requests fail with <paramref name="statusCode"/>: Token Info
    /// out of service while the token endpoints work (a handshake that must fail closed).
    /// </summary>
    public void FailNextTokenInfoRequests(int count, int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Faults.FailTokenInfoRequests(count, statusCode);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info answers about an access token name <paramref name="clientId"/>
    /// as the app the token was issued to, everything else (instance, site, activity) unchanged: what an install callback
    /// sees when the code it exchanged belongs to another app (a confused deployment, or an attacker's code replayed).
    /// </summary>
    public void AnswerNextTokenInfoRequestsAsApp(int count, string clientId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        Faults.AnswerTokenInfoAsApp(count, clientId);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> Token Info answers about an access token name <paramref name="instanceId"/>
    /// as the instance the token was issued for, everything else (app, site, activity) unchanged: a confused answer a
    /// migration must not switch an installation on.
    /// </summary>
    public void AnswerNextTokenInfoRequestsAsInstance(int count, string instanceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        Faults.AnswerTokenInfoAsInstance(count, instanceId);
    }

    /// <summary>
    /// Makes Create Access Token (client credentials) answer <c>invalid_grant</c> for <paramref name="instanceId"/>, as for
    /// an instance Wix does not know, while the installation, its refresh tokens and Token Info keep working (Wix's answer
    /// for an unknown instance is unconfirmed, and a refusal can be a mistake); pass <paramref name="refuse"/> false to
    /// answer normally again.
    /// </summary>
    public void RefuseClientCredentialsFor(string instanceId, bool refuse = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        Faults.RefuseClientCredentials(instanceId, refuse);
    }

    /// <summary>
    /// Answers every refresh token as unknown (<c>invalid_grant</c>) until <see cref="RememberRefreshTokens"/>: a local
    /// Wix restarted without its state, or a Wix-side fault. Nothing is revoked; the tokens work again afterwards.
    /// </summary>
    public void ForgetRefreshTokens() => Tokens.RefreshTokensForgotten = true;

    /// <summary>Ends <see cref="ForgetRefreshTokens"/>: the refresh tokens issued before are accepted again.</summary>
    public void RememberRefreshTokens() => Tokens.RefreshTokensForgotten = false;
}
