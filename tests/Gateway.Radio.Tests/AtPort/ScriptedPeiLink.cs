using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Radio.Tests.AtPort;

/// <summary>
/// An in-memory link whose far end answers like a PEI terminal: each command (up to CR) goes to
/// <see cref="Answer"/>; <c>AT+CMGS=d,b</c> gets the <c>&gt; </c> prompt and the text up to Ctrl-Z goes to
/// <see cref="AnswerPdu"/>. The test can make the link drop (<see cref="Drop"/>) and come back (<see cref="Reopen"/>).
/// </summary>
internal sealed class ScriptedPeiLink : ISerialLink
{
    private readonly StringBuilder _input = new();
    private readonly Lock _gate = new();
    private Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>();
    private byte[] _leftover = [];
    private int _leftoverOffset;
    private bool _inPdu;

    public string Address => "scripted://pei";

    public SerialLinkState State { get; private set; } = SerialLinkState.Closed;

    public bool SupportsControlLines => false;

    public ModemInputLines InputLines => ModemInputLines.None;

    /// <summary>Every command line received, in order (without CR).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Every PDU received after a prompt, in order.</summary>
    public ConcurrentQueue<string> Pdus { get; } = new();

    /// <summary>Reply to a command (lines joined with CR LF, final result included); default OK.</summary>
    public Func<string, string> Answer { get; set; } = _ => "OK";

    /// <summary>Reply to a PDU; null to say nothing (e.g. after <see cref="Drop"/>).</summary>
    public Func<string, string?> AnswerPdu { get; set; } = _ => "+CMGS: 0,4,1\r\n\r\nOK";

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged
    {
        add { }
        remove { }
    }

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        Reopen();
        return ValueTask.CompletedTask;
    }

    public void Reopen()
    {
        lock (_gate)
        {
            _inbound = Channel.CreateUnbounded<byte[]>();
            _leftover = [];
            _input.Clear();
            _inPdu = false;
        }

        SetState(SerialLinkState.Open);
    }

    /// <summary>The port vanishes: pending reads end and writes fail until <see cref="Reopen"/>.</summary>
    public void Drop()
    {
        Channel<byte[]> inbound;
        lock (_gate)
        {
            inbound = _inbound;
        }

        SetState(SerialLinkState.Faulted);
        inbound.Writer.TryComplete(new SerialLinkLostException(Address, null));
    }

    /// <summary>The terminal sends lines of its own (URCs).</summary>
    public void Send(string text)
    {
        lock (_gate)
        {
            _inbound.Writer.TryWrite(Encoding.Latin1.GetBytes(text));
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverOffset < _leftover.Length)
        {
            return TakeLeftover(buffer.Span);
        }

        ChannelReader<byte[]> reader;
        lock (_gate)
        {
            reader = _inbound.Reader;
        }

        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryRead(out var chunk))
            {
                _leftover = chunk;
                _leftoverOffset = 0;
                return TakeLeftover(buffer.Span);
            }
        }

        return 0;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (State != SerialLinkState.Open)
        {
            throw new SerialLinkLostException(Address, null);
        }

        foreach (var value in data.Span)
        {
            Consume((char)value);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync()
    {
        SetState(SerialLinkState.Closed);
        lock (_gate)
        {
            _inbound.Writer.TryComplete();
        }

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
            var pdu = _input.ToString().Trim();
            _input.Clear();
            Pdus.Enqueue(pdu);
            if (AnswerPdu(pdu) is { } reply)
            {
                Send("\r\n" + reply + "\r\n");
            }

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
        Commands.Enqueue(command);
        if (command.StartsWith("AT+CMGS=", StringComparison.Ordinal) && !command.EndsWith('?'))
        {
            _inPdu = true;
            Send("\r\n> ");
            return;
        }

        Send("\r\n" + Answer(command) + "\r\n");
    }

    private int TakeLeftover(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _leftover.Length - _leftoverOffset);
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
