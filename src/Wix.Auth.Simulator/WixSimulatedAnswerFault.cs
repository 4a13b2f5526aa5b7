namespace Wix.Auth.Simulator;

/// <summary>
/// What happens to a token answer after Wix carried the grant out (the code is spent, a rotated refresh token issued):
/// checklist C5/FI-3 "accept-then-abort" and C3's malformed answers.
/// </summary>
public enum WixSimulatedAnswerFault
{
    /// <summary>The connection is reset instead of the answer: the client cannot know whether the grant happened.</summary>
    Abort,

    /// <summary>No answer until the client gives up (its timeout) or the simulator stops: a crash or a hung network.</summary>
    Hang,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>200 with JSON that carries no <c>access_token</c>.</summary>
    NoAccessToken,
}
