using Wix.Auth.Host.Options;
using Wix.Auth.Host.Security;

namespace Wix.Auth.Host.Tests;

/// <summary>The token API's key check: the configured keys, and nothing else, in every spelling a caller may send.</summary>
public sealed class ApiKeyValidatorTests
{
    private const string Key = "k3y-0f-the-t0ken-api-AAAAAAAAAAAA";
    private const string NextKey = "rotated-key-of-the-token-api-BBBB";

    [Fact]
    public void The_configured_key_is_accepted_as_a_bearer_credential()
    {
        var validator = Validator(Key);
        Assert.True(validator.IsAuthorized($"Bearer {Key}"));
        Assert.True(validator.IsAuthorized($"bearer  {Key} "));
    }

    [Fact]
    public void A_wrong_key_a_same_length_key_and_a_prefix_or_extension_of_the_key_are_refused()
    {
        var validator = Validator(Key);
        Assert.False(validator.IsAuthorized("Bearer wrong"));
        Assert.False(validator.IsAuthorized($"Bearer {Key[..^1]}B"));
        Assert.Equal(Key.Length, Key[..^1].Length + 1);
        Assert.False(validator.IsAuthorized($"Bearer {Key[..^1]}"));
        Assert.False(validator.IsAuthorized($"Bearer {Key}A"));
        Assert.False(validator.IsAuthorized($"Bearer {Key.ToUpperInvariant()}"));
        Assert.False(validator.IsAuthorized(Key));
        Assert.False(validator.IsAuthorized($"Basic {Key}"));
        Assert.False(validator.IsAuthorized($"Bearer {new string('x', 5000)}"));
    }

    [Fact]
    public void During_a_rotation_every_configured_key_is_accepted()
    {
        var validator = Validator(Key, NextKey);
        Assert.True(validator.IsAuthorized($"Bearer {Key}"));
        Assert.True(validator.IsAuthorized($"Bearer {NextKey}"));
        Assert.False(validator.IsAuthorized($"Bearer {NextKey[..^1]}C"));
        Assert.True(Validator(NextKey).IsAuthorized($"Bearer {NextKey}"));
        Assert.False(Validator(NextKey).IsAuthorized($"Bearer {Key}"));
    }

    [Fact]
    public void An_empty_or_missing_credential_is_refused()
    {
        var validator = Validator(Key);
        Assert.False(validator.IsAuthorized(""));
        Assert.False(validator.IsAuthorized("Bearer "));
        Assert.False(validator.IsAuthorized("Bearer    "));
        Assert.False(Validator("   ").IsAuthorized("Bearer "));
        Assert.False(Validator("   ").IsAuthorized("Bearer  x"));
    }

    private static ApiKeyValidator Validator(params string[] keys)
    {
        var options = new WixAuthHostOptions();
        foreach (var key in keys)
        {
            options.ApiKeys.Add(key);
        }

        return new ApiKeyValidator(Microsoft.Extensions.Options.Options.Create(options));
    }
}
