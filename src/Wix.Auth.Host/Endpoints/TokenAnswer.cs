namespace Wix.Auth.Host.Endpoints;

/// <summary>
/// A 200 with a body serialised in advance (<see cref="TokenAnswers"/>), written in one go with its
/// <c>Content-Length</c>: no serializer, no chunked encoding and no allocation per request.
/// </summary>
internal sealed class TokenAnswer(byte[] body) : IResult
{
    /// <summary>The UTF-8 JSON body. Shared by every request for the same token: never written to.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = TokenAnswers.ContentType;
        response.ContentLength = Body.Length;
        var write = response.Body.WriteAsync(Body, httpContext.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }
}
