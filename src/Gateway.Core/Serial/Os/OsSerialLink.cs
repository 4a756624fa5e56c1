using System.IO.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Serial.Os;

/// <summary>
/// An OS serial port (COM3, /dev/ttyUSB0, /dev/pts/N or a symlink to one) through System.IO.Ports.
/// Data goes through <see cref="SerialPort.BaseStream"/> asynchronously; input lines come from
/// <see cref="SerialPort.PinChanged"/>. A pty has no modem-control lines: driving RTS/DTR on one fails
/// with an <see cref="IOException"/> naming the port.
/// </summary>
public sealed class OsSerialLink : SerialLinkBase
{
    private readonly string _portName;
    private readonly SerialLineSettings _settings;
    private readonly ILogger _logger;
    private SerialPort? _port;
    private Stream? _stream;

    public OsSerialLink(string address, string portName, SerialLineSettings settings, ILogger<OsSerialLink>? logger = null)
        : base(address)
    {
        _portName = portName;
        _settings = settings;
        _logger = logger ?? NullLogger<OsSerialLink>.Instance;
    }

    public override bool SupportsControlLines => true;

    public override ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SetState(SerialLinkState.Connecting);
        var port = new SerialPort(_portName)
        {
            BaudRate = _settings.BaudRate,
            DataBits = _settings.DataBits,
            Parity = ToPortParity(_settings.Parity),
            StopBits = ToPortStopBits(_settings.StopBits),
            Handshake = ToHandshake(_settings.FlowControl),
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            Counters.Error();
            SetState(SerialLinkState.Faulted);
            throw new IOException($"Cannot open serial port {_portName} for {Address}: {ex.Message}", ex);
        }

        port.PinChanged += OnPinChanged;
        _port = port;
        _stream = port.BaseStream;
        SetInputLines(ReadHeldLines(port, ModemInputLines.None));
        _logger.LogInformation("Opened serial port {Port} ({Settings})", _portName, _settings);
        SetState(SerialLinkState.Open);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var stream = _stream ?? throw new SerialLinkUnavailableException(Address, State);
        int read;
        try
        {
            read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw Lost(ex);
        }

        if (read == 0)
        {
            SetState(SerialLinkState.Faulted);
            return 0;
        }

        Counters.BytesReceived(read);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var stream = _stream ?? throw new SerialLinkUnavailableException(Address, State);
        try
        {
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            throw Lost(ex);
        }

        Counters.BytesSent(data.Length);
    }

    public override ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default)
    {
        var port = _port ?? throw new SerialLinkUnavailableException(Address, State);
        if (rts is not null && _settings.FlowControl == SerialFlowControl.RtsCts)
        {
            throw new InvalidOperationException($"RTS of {Address} is driven by RTS/CTS flow control and cannot be set by hand");
        }

        try
        {
            if (rts is { } rtsOn)
            {
                port.RtsEnable = rtsOn;
            }

            if (dtr is { } dtrOn)
            {
                port.DtrEnable = dtrOn;
            }
        }
        catch (IOException ex)
        {
            Counters.Error();
            throw new IOException($"Cannot drive RTS/DTR on {_portName} ({Address}): {ex.Message}; a pty has no modem-control lines", ex);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        var port = Interlocked.Exchange(ref _port, null);
        _stream = null;
        if (port is not null)
        {
            port.PinChanged -= OnPinChanged;
            try
            {
                port.Dispose();
            }
            catch (IOException ex)
            {
                _logger.LogDebug(ex, "Closing {Port} failed", _portName);
            }
        }

        SetState(SerialLinkState.Closed);
        return ValueTask.CompletedTask;
    }

    private SerialLinkLostException Lost(Exception cause)
    {
        Counters.Error();
        SetState(SerialLinkState.Faulted);
        return new SerialLinkLostException(Address, cause);
    }

    private void OnPinChanged(object sender, SerialPinChangedEventArgs e)
    {
        if (_port is not { } port)
        {
            return;
        }

        try
        {
            var lines = ReadHeldLines(port, InputLines);
            if (e.EventType == SerialPinChange.Ring)
            {
                // SerialPort exposes no RI level, only ring events: report them as a pulse.
                SetInputLines(lines | ModemInputLines.Ri);
            }

            SetInputLines(lines & ~ModemInputLines.Ri);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Reading input lines of {Port} failed", _portName);
        }
    }

    private static ModemInputLines ReadHeldLines(SerialPort port, ModemInputLines previous)
    {
        var lines = previous & ModemInputLines.Ri;
        try
        {
            if (port.CtsHolding)
            {
                lines |= ModemInputLines.Cts;
            }

            if (port.DsrHolding)
            {
                lines |= ModemInputLines.Dsr;
            }

            if (port.CDHolding)
            {
                lines |= ModemInputLines.Dcd;
            }
        }
        catch (IOException)
        {
            // A pty has no modem status: report no lines rather than failing the open.
        }

        return lines;
    }

    private static Parity ToPortParity(SerialParity parity) => parity switch
    {
        SerialParity.Odd => Parity.Odd,
        SerialParity.Even => Parity.Even,
        SerialParity.Mark => Parity.Mark,
        SerialParity.Space => Parity.Space,
        _ => Parity.None,
    };

    private static StopBits ToPortStopBits(SerialStopBits stopBits) => stopBits switch
    {
        SerialStopBits.OnePointFive => StopBits.OnePointFive,
        SerialStopBits.Two => StopBits.Two,
        _ => StopBits.One,
    };

    private static Handshake ToHandshake(SerialFlowControl flow) => flow switch
    {
        SerialFlowControl.XonXoff => Handshake.XOnXOff,
        SerialFlowControl.RtsCts => Handshake.RequestToSend,
        _ => Handshake.None,
    };
}
