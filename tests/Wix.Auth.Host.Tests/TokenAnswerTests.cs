using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wix.Auth.Host.Endpoints;

namespace Wix.Auth.Host.Tests;

/// <summary>The token API's pre-serialised 200: the serializer's bytes, with their length, one body per token object.</summary>
public sealed class TokenAnswerTests
{
    private static readonly WixAccessToken Token = new(
        "8f2c1d7e-0000-4000-8000-00000000abcd", "OauthNG.JWS.\"quoted\"<tag>&é", new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), "refresh_token");

    [Fact]
    public async Task The_answer_is_what_the_json_serializer_writes_with_its_content_length()
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(
            new TokenResponse(Token.AccessToken, "Bearer", Token.ExpiresAt, Token.InstanceId, Token.Strategy),
            HostJsonContext.Default.TokenResponse);

        var (status, contentType, contentLength, body) = await ExecuteAsync(TokenAnswers.For(Token));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("application/json; charset=utf-8", contentType);
        Assert.Equal(expected, body);
        Assert.Equal(expected.Length, contentLength);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(Token.AccessToken, json.RootElement.GetProperty("access_token").GetString());
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(Token.ExpiresAt, json.RootElement.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(Token.InstanceId, json.RootElement.GetProperty("instance_id").GetString());
        Assert.Equal(Token.Strategy, json.RootElement.GetProperty("strategy").GetString());
    }

    [Fact]
    public void The_same_token_object_gets_the_same_answer_and_a_new_token_a_new_body()
    {
        var first = TokenAnswers.For(Token);
        Assert.Same(first, TokenAnswers.For(Token));

        // Equal by value (a record) but a new object, as a refresh returns: keyed by reference, so it is serialised anew.
        var refreshed = Token with { AccessToken = "OauthNG.JWS.refreshed", ExpiresAt = Token.ExpiresAt.AddHours(4) };
        var second = TokenAnswers.For(refreshed);

        Assert.NotSame(first, second);
        Assert.Equal(TokenAnswers.Serialize(refreshed), second.Body.ToArray());
        Assert.NotEqual(first.Body.ToArray(), second.Body.ToArray());
    }

    private static async Task<(int Status, string? ContentType, long? ContentLength, byte[] Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, context.Response.ContentLength, body.ToArray());
    }
}
