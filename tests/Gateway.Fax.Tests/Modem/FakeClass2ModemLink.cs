using System.Text;
using System.Threading.Channels;
using Gateway.Core.Serial;

namespace Gateway.Fax.Tests.Modem;

/// <summary>
/// An in-memory link playing a scripted Class 2.0 modem: answers the set-up commands, ATD and
/// AT+FDT, collects each page's data (un-stuffed) until DLE ',' or DLE '.', and answers per the
/// test's settings. Records every command line and the raw bytes of each page as written.
/// </summary>
internal sealed class FakeClass2ModemLink : ISerialLink
{
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>();
    private readonly StringBuilder _line = new();
    private readonly MemoryStream _page = new();
    private readonly MemoryStream _rawPage = new();
    private byte[] _leftover = [];
    private int _leftoverOffset;
    private bool _dataMode;
    private bool _pendingDle;
    private bool _carrierLost;
    private readonly TaskCompletionSource _pageEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Address => "fake://class2";

    public SerialLinkState State { get; private set; } = SerialLinkState.Closed;

    public event Action<SerialLinkState>? StateChanged;

    public event Action<ModemInputLines>? InputLinesChanged
    {
        add { }
        remove { }
    }

    public bool SupportsControlLines => false;

    public ModemInputLines InputLines => ModemInputLines.None;

    public List<string> Commands { get; } = [];

    /// <summary>Each page's data with the DLE stuffing removed.</summary>
    public List<byte[]> Pages { get; } = [];

    /// <summary>Each page's bytes exactly as the host wrote them (stuffed, trailer excluded).</summary>
    public List<byte[]> RawPages { get; } = [];

    /// <summary>The final result ATD gets; "OK" connects.</summary>
    public string DialResult { get; set; } = "OK";

    /// <summary>Lines before OK on a successful ATD.</summary>
    public string[] DialLines { get; set; } = ["+FCO", "+FCI:\"86 571 1234\"", "+FIS:1,5,0,2,1,0,0,0"];

    public string SessionLine { get; set; } = "+FCS:1,5,0,2,0,0,0,0";

    /// <summary>Post-page response per page number (1-based); default 1 (MCF).</summary>
    public Func<int, int> PostPageResponse { get; set; } = _ => 1;

    /// <summary>When set, after this many page bytes the modem drops the carrier (NO CARRIER, +FHS:40).</summary>
    public int? DropCarrierAfterBytes { get; set; }

    /// <summary>When true, the modem sends XOFF at the start of page data and never XON.</summary>
    public bool HoldXoff { get; set; }

    public string FinalHangup { get; set; } = "00";

    /// <summary>When false, the modem takes the end of a page and then says nothing (phase D never ends).</summary>
    public bool AnswerPageEnd { get; set; } = true;

    public bool CancelSeen { get; private set; }

    /// <summary>Completes when the host has ended its first page.</summary>
    public Task FirstPageEnded => _pageEnded.Task;

    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        State = SerialLinkState.Open;
        StateChanged?.Invoke(State);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_leftoverOffset >= _leftover.Length)
        {
            if (!await _inbound.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            if (_inbound.Reader.TryRead(out byte[]? chunk))
            {
                _leftover = chunk;
                _leftoverOffset = 0;
            }
        }

        int count = Math.Min(buffer.Length, _leftover.Length - _leftoverOffset);
        _leftover.AsSpan(_leftoverOffset, count).CopyTo(buffer.Span);
        _leftoverOffset += count;
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_carrierLost)
        {
            // After a carrier loss the host's page bytes still in flight are not commands.
            if (!data.Span.StartsWith("AT"u8))
            {
                return ValueTask.CompletedTask;
            }

            _carrierLost = false;
        }

        foreach (byte value in data.Span)
        {
            if (_carrierLost)
            {
                break;
            }

            if (_dataMode)
            {
                OnDataByte(value);
            }
            else if (value == '\r')
            {
                OnCommand(_line.ToString());
                _line.Clear();
            }
            else if (value != '\n')
            {
                _line.Append((char)value);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void OnCommand(string command)
    {
        Commands.Add(command);
        if (command.StartsWith("ATD", StringComparison.Ordinal))
        {
            if (DialResult == "OK")
            {
                foreach (string line in DialLines)
                {
                    Send(line);
                }
            }

            Send(DialResult);
        }
        else if (command == "AT+FDT")
        {
            Send(SessionLine);
            if (HoldXoff)
            {
                // XOFF right behind CONNECT in the same read, so the host's reader takes it in the same pass that starts
                // the data phase (which clears any earlier XOFF), before the sender resumes on another thread. Sent as a
                // read of its own, the host could write a small page whole before its reader got to it (seen once in CI).
                _inbound.Writer.TryWrite([.. Encoding.ASCII.GetBytes("\r\nCONNECT\r\n"), 0x13]);
            }
            else
            {
                Send("CONNECT");
            }

            _dataMode = true;
            _page.SetLength(0);
            _rawPage.SetLength(0);
        }
        else if (command == "AT+FHS?")
        {
            Send("+FHS:" + FinalHangup);
            Send("OK");
        }
        else
        {
            Send("OK");
        }
    }

    private void OnDataByte(byte value)
    {
        if (_pendingDle)
        {
            _pendingDle = false;
            if (value == 0x10)
            {
                _rawPage.WriteByte(0x10);
                _rawPage.WriteByte(0x10);
                _page.WriteByte(0x10);
            }
            else if (value == 0x18)
            {
                CancelSeen = true;
                _dataMode = false;
                Send("+FHS:02");
                Send("OK");
            }
            else
            {
                EndPage(last: value == '.');
            }

            return;
        }

        if (value == 0x10)
        {
            _pendingDle = true;
            return;
        }

        _rawPage.WriteByte(value);
        _page.WriteByte(value);
        if (DropCarrierAfterBytes is { } limit && _page.Length >= limit)
        {
            _dataMode = false;
            _carrierLost = true;
            Send("+FHS:40");
            Send("NO CARRIER");
        }
    }

    private void EndPage(bool last)
    {
        _dataMode = false;
        Pages.Add(_page.ToArray());
        RawPages.Add(_rawPage.ToArray());
        _pageEnded.TrySetResult();
        if (!AnswerPageEnd)
        {
            return;
        }

        Send("+FPS:" + PostPageResponse(Pages.Count) + ",0,0,0,0");
        Send("OK");
        if (last)
        {
            Send("+FHS:" + FinalHangup);
        }
    }

    private void Send(string line) => _inbound.Writer.TryWrite(Encoding.ASCII.GetBytes("\r\n" + line + "\r\n"));
}
