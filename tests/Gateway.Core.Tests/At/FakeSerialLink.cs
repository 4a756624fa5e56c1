using System.Text;
using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Core.Tests.At;

/// <summary>
/// An in-memory serial link with a scriptable device side: the test plays the device with
/// <see cref="Send(string)"/>, reads what the host wrote with <see cref="NextWriteAsync"/>, and can
/// drop or break the link. Each instance has its own address so metrics can be told apart.
/// </summary>
internal sealed class FakeSerialLink : ISerialLink
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<byte[]> _writes = Channel.CreateUnbounded<byte[]>();
    private Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>();
    private byte[] _leftover = [];
    private int _leftoverOffset;

    public string Address { get; } = $"fake://{Guid.NewGuid():N}";

    public SerialLinkState State { get; private set; } = SerialLinkState.Closed;

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged
    {
        add { }
        remove { }
    }

    public bool SupportsControlLines => false;

    public ModemInputLines InputLines => ModemInputLines.None;

    /// <summary>Runs inside every host write, after it is recorded; lets a test react deterministically mid-transfer.</summary>
    public Func<byte[], CancellationToken, Task>? OnWrite { get; set; }

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        if (State != SerialLinkState.Open)
        {
            _inbound = Channel.CreateUnbounded<byte[]>();
            _leftover = [];
            SetState(SerialLinkState.Open);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverOffset < _leftover.Length)
        {
            return TakeLeftover(buffer.Span);
        }

        ChannelReader<byte[]> reader = _inbound.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryRead(out byte[]? chunk))
            {
                _leftover = chunk;
                _leftoverOffset = 0;
                return TakeLeftover(buffer.Span);
            }
        }

        return 0;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (State != SerialLinkState.Open)
        {
            throw new IOException("fake link is not open");
        }

        byte[] copy = data.ToArray();
        _writes.Writer.TryWrite(copy);
        if (OnWrite is { } hook)
        {
            await hook(copy, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        Disconnect();
        return ValueTask.CompletedTask;
    }

    /// <summary>The device sends text (Latin-1).</summary>
    public void Send(string text) => SendBytes(Encoding.Latin1.GetBytes(text));

    public void SendBytes(params byte[] bytes) => _inbound.Writer.TryWrite(bytes);

    /// <summary>The far end goes away: pending reads return 0.</summary>
    public void Disconnect()
    {
        SetState(SerialLinkState.Closed);
        _inbound.Writer.TryComplete();
    }

    /// <summary>The port fails: pending reads throw <paramref name="failure"/>.</summary>
    public void FailRead(Exception failure)
    {
        SetState(SerialLinkState.Faulted);
        _inbound.Writer.TryComplete(failure);
    }

    /// <summary>The next thing the host wrote, as Latin-1 text.</summary>
    public async Task<string> NextWriteAsync() => Encoding.Latin1.GetString(await NextWriteBytesAsync());

    public async Task<byte[]> NextWriteBytesAsync() =>
        await _writes.Reader.ReadAsync().AsTask().WaitAsync(SafetyTimeout);

    /// <summary>How many host writes are waiting to be read by the test (no waiting).</summary>
    public int UnreadWrites => _writes.Reader.Count;

    private int TakeLeftover(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _leftover.Length - _leftoverOffset);
        _leftover.AsSpan(_leftoverOffset, count).CopyTo(destination);
        _leftoverOffset += count;
        return count;
    }

    private void SetState(SerialLinkState state)
    {
        State = state;
        StateChanged?.Invoke(state);
    }
}
