using System.Threading.Channels;

namespace Gateway.Dispatch.Events;

/// <summary>Buffers live events for one follower so the journal writer never waits on a slow client.</summary>
internal sealed class EventFollower : IDispatchEventObserver, IDisposable
{
    private readonly Channel<DispatchEvent> _buffer = Channel.CreateUnbounded<DispatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void OnCommitted(IReadOnlyList<DispatchEvent> events)
    {
        foreach (var entry in events)
        {
            _buffer.Writer.TryWrite(entry);
        }
    }

    public IAsyncEnumerable<DispatchEvent> ReadAllAsync(CancellationToken cancellationToken) => _buffer.Reader.ReadAllAsync(cancellationToken);

    public void Dispose() => _buffer.Writer.TryComplete();
}
