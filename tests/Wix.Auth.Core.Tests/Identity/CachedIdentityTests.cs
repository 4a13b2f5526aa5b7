using Wix.Auth.Internal.Identity;

namespace Wix.Auth.Core.Tests.Identity;

/// <summary>
/// The verification cache is keyed by a non-cryptographic hash, so an entry must prove it belongs to the token asked
/// about: these are the checks that keep a colliding key from handing out another token's identity.
/// </summary>
public sealed class CachedIdentityTests
{
    private static readonly WixIdentity Someone = new() { InstanceId = "instance-1", SubjectType = WixSubjectType.User, Source = WixIdentitySource.AccessToken };

    [Theory]
    [InlineData("OauthNG.JWS.aaaa", true)]
    [InlineData("OauthNG.JWS.aaab", false)]
    [InlineData("OauthNG.JWS.aaa", false)]
    [InlineData("OauthNG.JWS.aaaaa", false)]
    [InlineData("", false)]
    public void A_cached_identity_is_only_for_the_exact_token_it_was_verified_for(string asked, bool expected)
    {
        var cached = new CachedIdentity("OauthNG.JWS.aaaa", Someone, long.MaxValue);
        var flight = new InFlightVerification("OauthNG.JWS.aaaa");

        Assert.Equal(expected, cached.IsFor(asked));
        Assert.Equal(expected, flight.IsFor(asked));
    }

    [Fact]
    public void The_key_depends_on_every_character_and_is_stable_within_the_process()
    {
        var token = "OauthNG.JWS." + new string('x', 1000);
        var changedLast = token[..^1] + "y";

        Assert.Equal(TokenKey.Of(token), TokenKey.Of(new string(token.AsSpan())));
        Assert.NotEqual(TokenKey.Of(token), TokenKey.Of(changedLast));
    }
}
