using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// The token API's 200 answer, serialised once per token object rather than once per request: a warm instance is served
/// the same <see cref="WixAccessToken"/> from the token manager's memory cache until it is refreshed, so its JSON does
/// not change either. Keyed by reference in a <see cref="ConditionalWeakTable{TKey, TValue}"/>: the answer lives exactly
/// as long as the token object the cache holds, a new token (refresh, reinstall) is a new object and gets a new body,
/// and nothing has to be evicted by hand.
/// </summary>
internal static class TokenAnswers
{
    /// <summary>What <c>Results.Json</c> sends for the same body.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly ConditionalWeakTable<WixAccessToken, TokenAnswer> Answers = [];

    /// <summary>The answer for <paramref name="token"/>, built on first use.</summary>
    public static TokenAnswer For(WixAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        // GetValue looks the token up first; the static factory runs only on a miss and captures nothing.
        return Answers.GetValue(token, static t => new TokenAnswer(Serialize(t)));
    }

    /// <summary>The body, through the same source-generated serializer the endpoint used before (the OpenAPI schema's).</summary>
    public static byte[] Serialize(WixAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return JsonSerializer.SerializeToUtf8Bytes(
            new TokenResponse(token.AccessToken, "Bearer", token.ExpiresAt, token.InstanceId, token.Strategy),
            HostJsonContext.Default.TokenResponse);
    }
}
