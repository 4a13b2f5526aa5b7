using Microsoft.AspNetCore.Http;

namespace Wix.Auth.Simulator.Internal;

/// <summary>Writes (or withholds) a token answer the way <see cref="WixSimulatedAnswerFault"/> says.</summary>
internal sealed class SpoiltAnswer(WixSimulatedAnswerFault fault) : IResult
{
    // Bounded so a forgotten client cannot keep a request open for ever.
    private static readonly TimeSpan MaxHang = TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        switch (fault)
        {
            case WixSimulatedAnswerFault.Abort:
                httpContext.Abort();
                break;
            case WixSimulatedAnswerFault.Hang:
                try
                {
                    await Task.Delay(MaxHang, httpContext.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up or the simulator stops: nothing to answer.
                }

                httpContext.Abort();
                break;
            case WixSimulatedAnswerFault.MalformedJson:
                httpContext.Response.ContentType = "application/json";
                await httpContext.Response.WriteAsync("{\"access_token\":", httpContext.RequestAborted).ConfigureAwait(false);
                break;
            default:
                httpContext.Response.ContentType = "application/json";
                await httpContext.Response.WriteAsync("{\"token_type\":\"Bearer\"}", httpContext.RequestAborted).ConfigureAwait(false);
                break;
        }
    }
}
