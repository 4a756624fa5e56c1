using System.Collections.Concurrent;
using System.Threading.Channels;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Tests.Support;

public enum ChannelBehaviour
{
    Accept,
    Reject,
    Throw,
    /// <summary>Never answers until the engine stops (simulates a crash mid-send).</summary>
    Hang,
}

/// <summary>A channel that records every send and lets a test await them.</summary>
public sealed class RecordingChannel(ChannelKind kind, ChannelBehaviour behaviour = ChannelBehaviour.Accept) : IOrderChannel
{
    private readonly Channel<(OrderDelivery Delivery, string Key)> _sends = Channel.CreateUnbounded<(OrderDelivery, string)>();

    public ChannelKind Kind { get; } = kind;

    public ConcurrentQueue<string> Keys { get; } = new();

    public int SendCount => Keys.Count;

    public async ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken)
    {
        Keys.Enqueue(idempotencyKey);
        _sends.Writer.TryWrite((delivery, idempotencyKey));
        switch (behaviour)
        {
            case ChannelBehaviour.Reject:
                return ChannelSendResult.Rejected("number unobtainable");
            case ChannelBehaviour.Throw:
                throw new IOException("modem gone");
            case ChannelBehaviour.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return ChannelSendResult.Accepted;
            default:
                return ChannelSendResult.Accepted;
        }
    }

    public async Task<(OrderDelivery Delivery, string Key)> NextSendAsync() =>
        await _sends.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
