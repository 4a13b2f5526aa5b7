using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wix.Auth.Advanced.Tests.Framework;

/// <summary>
/// A TCP relay between the app and PostgreSQL on loopback (checklist §4: Toxiproxy's idea in a few lines). Armed, it
/// lets the next <c>COMMIT</c> reach the server and then blackholes that connection: the server commits, the app never
/// hears (FI-13, a partition mid-commit). Every other connection, and every connection after it fired, is relayed as is.
/// </summary>
internal sealed class PostgresRelay : IAsyncDisposable
{
    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private int _armed;
    private int _fired;

    private PostgresRelay(IPEndPoint target) => _target = target;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many commits were let through and then blackholed.</summary>
    public int Fired => Volatile.Read(ref _fired);

    public static PostgresRelay Start(string host, int port)
    {
        var relay = new PostgresRelay(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port));
        relay._listener.Start();
        _ = relay.AcceptAsync();
        return relay;
    }

    /// <summary>The next COMMIT on any connection reaches the server; its answer, and all after it, are dropped.</summary>
    public void BlackholeAfterNextCommit() => Volatile.Write(ref _armed, 1);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient app;
            try
            {
                app = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(_target, _stop.Token);
            lock (_clients)
            {
                _clients.Add(app);
                _clients.Add(server);
            }

            var blackholed = new Flag();
            _ = PumpAsync(app.GetStream(), server.GetStream(), blackholed, watchCommits: true);
            _ = PumpAsync(server.GetStream(), app.GetStream(), blackholed, watchCommits: false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Flag blackholed, bool watchCommits)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (blackholed.Value)
                {
                    continue;
                }

                if (watchCommits && buffer.AsSpan(0, read).IndexOf(Commit) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    blackholed.Value = true;
                    Interlocked.Increment(ref _fired);
                    continue;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed side ends the pump; the other side notices on its own.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private sealed class Flag
    {
        private volatile bool _value;

        public bool Value
        {
            get => _value;
            set => _value = value;
        }
    }
}
