using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Host.Tests.Framework;

/// <summary>
/// The app's notification endpoint on loopback (real Kestrel): records every delivery attempt with its headers and body,
/// and refuses the first <c>refuseFirst</c> of them with 503 (a receiver outage). Counts requests in flight per webhook-id.
/// </summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _refuseLeft;
    private int _maxInFlightPerId;

    private NotificationReceiver(WebApplication app, Uri url, int refuseFirst)
    {
        _app = app;
        Url = url;
        _refuseLeft = refuseFirst;
    }

    public sealed record Delivery(string? Id, string? Timestamp, string? Signature, string Body, int Status);

    public Uri Url { get; }

    /// <summary>How long each request is held before it is answered (to make overlapping deliveries visible).</summary>
    public TimeSpan Hold { get; set; }

    public IReadOnlyList<Delivery> Deliveries => _deliveries.ToArray();

    /// <summary>Refuses the next <paramref name="count"/> deliveries with 503.</summary>
    public void RefuseNext(int count) => Volatile.Write(ref _refuseLeft, count);

    /// <summary>The most requests ever in flight at once for one webhook-id (1 when no event was ever sent twice at once).</summary>
    public int MaxInFlightPerId => Volatile.Read(ref _maxInFlightPerId);

    public static async Task<NotificationReceiver> StartAsync(int refuseFirst)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/wix-auth");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(new Uri(url, "/").ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app, url, refuseFirst);
        app.MapPost(url.AbsolutePath, (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var inFlight = _inFlight.AddOrUpdate(id, 1, (_, n) => n + 1);
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maxInFlightPerId)) && Interlocked.CompareExchange(ref _maxInFlightPerId, inFlight, seen) != seen)
        {
        }

        try
        {
            if (Hold > TimeSpan.Zero)
            {
                await Task.Delay(Hold);
            }

            var status = Interlocked.Decrement(ref _refuseLeft) >= 0 ? 503 : 204;
            _deliveries.Enqueue(new Delivery(id, context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body, status));
            return Results.StatusCode(status);
        }
        finally
        {
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }
}
