using System.Threading.Channels;

namespace Wix.Auth.Host.Instances;

/// <summary>Instances whose install handshake just completed, waiting for their automatic <c>APP_FINISHED_CONFIGURATION</c>.</summary>
internal sealed class FinishSetupQueue
{
    // Bounded: a burst of installs must not grow memory without limit; a dropped event is only a missed convenience.
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public bool TryEnqueue(string instanceId) => _channel.Writer.TryWrite(instanceId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
