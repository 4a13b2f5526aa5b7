using System.Net;

namespace Wix.Auth.Simulator.Tests;

/// <summary>
/// The token-endpoint rate limit (checklist L3, FI-6) on a fake clock: N requests per second admitted, the rest 429 with
/// Retry-After, and a credential presented again before its Retry-After counted as not honouring it.
/// </summary>
public sealed class RateLimitTests(FakeClockSimulatorFixture fixture) : IClassFixture<FakeClockSimulatorFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Client;
    private readonly WixSimulatorControl _control = fixture.Control;

    [Fact]
    public async Task Requests_over_the_limit_in_one_second_get_429_with_retry_after_until_the_next_second()
    {
        var instanceId = _control.CreateInstalledInstance();
        var refreshToken = _control.IssueRefreshToken(_control.CreateInstalledInstance());
        ToStartOfSecond(TimeSpan.FromMilliseconds(300));
        var limitedBefore = _control.Counters.RateLimitedTokenRequests;
        _control.LimitTokenRequests(2);

        var (first, _) = await _client.ClientCredentialsAsync(_control, instanceId);
        var (second, _) = await _client.RefreshAsync(_control, refreshToken);
        var (third, body) = await _client.ClientCredentialsAsync(_control, instanceId);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(700));
        var (nextSecond, _) = await _client.ClientCredentialsAsync(_control, instanceId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("too_many_requests", body.Str("error"));
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, nextSecond.StatusCode);
        Assert.Equal(limitedBefore + 1, _control.Counters.RateLimitedTokenRequests);
    }

    [Fact]
    public async Task A_refused_refresh_token_presented_again_before_retry_after_is_counted_and_one_presented_after_is_not()
    {
        var refreshToken = _control.IssueRefreshToken(_control.CreateInstalledInstance());
        var other = _control.CreateInstalledInstance();
        ToStartOfSecond(TimeSpan.Zero);
        var earlyBefore = _control.Counters.RetriesBeforeRetryAfter;
        _control.LimitTokenRequests(1);

        var (admitted, _) = await _client.ClientCredentialsAsync(_control, other);
        var (refused, _) = await _client.RefreshAsync(_control, refreshToken);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(999));
        var (tooSoon, _) = await _client.RefreshAsync(_control, refreshToken);
        var earlyAfterTooSoon = _control.Counters.RetriesBeforeRetryAfter;
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var (honoured, _) = await _client.RefreshAsync(_control, refreshToken);

        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal(earlyBefore + 1, earlyAfterTooSoon);
        Assert.Equal(HttpStatusCode.OK, honoured.StatusCode);
        Assert.Equal(earlyBefore + 1, _control.Counters.RetriesBeforeRetryAfter);
    }

    [Fact]
    public async Task Zero_lifts_the_limit()
    {
        var instanceId = _control.CreateInstalledInstance();
        _control.LimitTokenRequests(1);
        _control.LimitTokenRequests(0);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await _client.ClientCredentialsAsync(_control, instanceId);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Throws<ArgumentOutOfRangeException>(() => _control.LimitTokenRequests(-1));
    }

    [Fact]
    public async Task Code_replays_and_refused_refresh_tokens_are_counted()
    {
        var instanceId = _control.CreateInstalledInstance();
        var code = _control.Grants.NewCode(instanceId).Code;
        var replaysBefore = _control.Counters.AuthorizationCodeReplays;
        var refusedBefore = _control.Counters.RefreshTokensRefused;

        var (redeemed, _) = await _client.RedeemCodeAsync(_control, code);
        var (replayed, _) = await _client.RedeemCodeAsync(_control, code);
        var (unknown, _) = await _client.RefreshAsync(_control, "no-such-refresh-token");

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(replaysBefore + 1, _control.Counters.AuthorizationCodeReplays);
        Assert.Equal(refusedBefore + 1, _control.Counters.RefreshTokensRefused);
    }

    public void Dispose() => _control.LimitTokenRequests(0);

    /// <summary>Moves the fake clock to <paramref name="into"/> past the start of a second, so windows are predictable.</summary>
    private void ToStartOfSecond(TimeSpan into)
    {
        var now = fixture.Time.GetUtcNow();
        var past = TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerSecond);
        fixture.Time.Advance(TimeSpan.FromSeconds(1) - past + into);
    }
}
