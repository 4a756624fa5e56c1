using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Benchmarks.Radio;

/// <summary>
/// An in-memory link to a PEI terminal that answers at once (no echo): OK to commands, the prompt to
/// <c>AT+CMGS=</c>, <c>+CMGS</c> + OK to the PDU, then the unit's SDS-REPORTs "received" and "consumed". It stamps the first
/// byte the gateway writes after <see cref="Arm"/> and counts the bytes both ways, for wire-time figures.
/// </summary>
internal sealed class InstantPeiLink : ISerialLink
{
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder _input = new();
    private byte[] _leftover = [];
    private int _offset;
    private bool _inPdu;
    private long _armed;

    public string Address => "bench://pei";

    public SerialLinkState State { get; private set; }

    public bool SupportsControlLines => false;

    public ModemInputLines InputLines => ModemInputLines.None;

    /// <summary><see cref="Stopwatch"/> timestamp of the first byte written since <see cref="Arm"/>.</summary>
    public long FirstWriteTimestamp { get; private set; }

    public long BytesToRadio { get; private set; }

    public long BytesFromRadio { get; private set; }

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged
    {
        add { }
        remove { }
    }

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        State = SerialLinkState.Open;
        StateChanged?.Invoke(State);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset >= _leftover.Length)
        {
            _leftover = await _inbound.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _leftover.Length - _offset);
        _leftover.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            FirstWriteTimestamp = Stopwatch.GetTimestamp();
        }

        BytesToRadio += data.Length;
        foreach (var value in data.Span)
        {
            Consume((char)value);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void Consume(char value)
    {
        if (_inPdu)
        {
            if (value != '\x1A')
            {
                _input.Append(value);
                return;
            }

            _inPdu = false;
            var reference = _input.ToString(4, 2);
            _input.Clear();
            Send($"\r\n+CMGS: 0,4,{Convert.ToInt32(reference, 16)}\r\n\r\nOK\r\n");
            Send($"\r\n+CTSDSR: 12,2001,0,1001,0,32\r\n821000{reference}\r\n");
            // "Consumed" too: the driver holds a reference until then (256 per terminal).
            Send($"\r\n+CTSDSR: 12,2001,0,1001,0,32\r\n821002{reference}\r\n");
            return;
        }

        if (value == '\n')
        {
            return;
        }

        if (value != '\r')
        {
            _input.Append(value);
            return;
        }

        var command = _input.ToString();
        _input.Clear();
        if (command.StartsWith("AT+CMGS=", StringComparison.Ordinal) && !command.EndsWith('?'))
        {
            _inPdu = true;
            Send("\r\n> ");
            return;
        }

        Send(command switch
        {
            "AT+CNUMF?" => "\r\n+CNUMF: 6,1001\r\n\r\nOK\r\n",
            "AT+CMGS=?" => "\r\n+CMGS: (0-2047)\r\n\r\nOK\r\n",
            _ => "\r\nOK\r\n",
        });
    }

    private void Send(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        BytesFromRadio += bytes.Length;
        _inbound.Writer.TryWrite(bytes);
    }
}
