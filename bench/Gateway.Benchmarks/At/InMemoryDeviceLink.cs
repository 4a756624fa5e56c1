using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Benchmarks.At;

/// <summary>A serial link to a pretend device: bytes pushed by the benchmark are what the device sends; an optional auto-answer replies to each host write.</summary>
internal sealed class InMemoryDeviceLink : ISerialLink
{
    private readonly Channel<ReadOnlyMemory<byte>> _inbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private ReadOnlyMemory<byte> _leftover;

    public string Address => "bench://device";

    public SerialLinkState State => SerialLinkState.Open;

    public bool SupportsControlLines => false;

    public ModemInputLines InputLines => ModemInputLines.None;

    /// <summary>Sent back to the host after each write it makes (e.g. <c>\r\nOK\r\n</c>); empty for none.</summary>
    public ReadOnlyMemory<byte> AutoAnswer { get; set; }

    /// <summary>Timestamp (Stopwatch ticks) of the host's last write.</summary>
    public long LastWriteTimestamp { get; private set; }

    public event Action<SerialLinkState>? StateChanged
    {
        add { }
        remove { }
    }

    public event Action<ModemInputLines>? InputLinesChanged
    {
        add { }
        remove { }
    }

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void DeviceSends(ReadOnlyMemory<byte> bytes) => _inbound.Writer.TryWrite(bytes);

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftover.IsEmpty)
        {
            _leftover = await _inbound.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        int count = Math.Min(buffer.Length, _leftover.Length);
        _leftover.Span[..count].CopyTo(buffer.Span);
        _leftover = _leftover[count..];
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        LastWriteTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!AutoAnswer.IsEmpty)
        {
            _inbound.Writer.TryWrite(AutoAnswer);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
