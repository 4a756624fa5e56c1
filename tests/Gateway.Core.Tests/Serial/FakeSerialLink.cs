using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Core.Tests.Serial;

/// <summary>A scripted inner link: fails to open or serves queued reads; completing the queue is a lost link.</summary>
internal sealed class FakeSerialLink(string name, Exception? openFailure = null) : ISerialLink
{
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>();

    public string Name { get; } = name;

    public string Address => "fake://" + Name;

    public SerialLinkState State { get; private set; } = SerialLinkState.Closed;

    public ModemInputLines InputLines { get; private set; }

    public bool SupportsControlLines => true;

    public bool Disposed { get; private set; }

    public List<(bool? Rts, bool? Dtr)> ControlCalls { get; } = [];

    public List<byte[]> Written { get; } = [];

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged;

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        if (openFailure is not null)
        {
            throw openFailure;
        }

        State = SerialLinkState.Open;
        StateChanged?.Invoke(State);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!await _incoming.Reader.WaitToReadAsync(cancellationToken))
        {
            return 0;
        }

        var chunk = await _incoming.Reader.ReadAsync(cancellationToken);
        chunk.CopyTo(buffer);
        return chunk.Length;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (State != SerialLinkState.Open)
        {
            throw new IOException("fake link is not open");
        }

        Written.Add(data.ToArray());
        return ValueTask.CompletedTask;
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default)
    {
        ControlCalls.Add((rts, dtr));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        State = SerialLinkState.Closed;
        _incoming.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public void Deliver(string text) => _incoming.Writer.TryWrite(System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>The peer closes: pending and later reads return 0.</summary>
    public void CloseFromPeer() => _incoming.Writer.TryComplete();

    /// <summary>The link notices the loss by itself (as the RFC 2217 pump does) without a read.</summary>
    public void Fault()
    {
        State = SerialLinkState.Faulted;
        StateChanged?.Invoke(State);
    }

    public void SetInputLines(ModemInputLines lines)
    {
        InputLines = lines;
        InputLinesChanged?.Invoke(lines);
    }
}
