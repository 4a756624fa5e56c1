using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Transport;

/// <summary>
/// The access-server side of RFC 2217 over one TCP stream. Written independently of the gateway's
/// client (a simple byte-at-a-time state machine) so the two check each other. It agrees to BINARY, SGA
/// and COM-PORT-OPTION, confirms every COM-PORT command with code + 100, applies SET-CONTROL RTS/DTR to
/// the simulated lines and sends NOTIFY-MODEMSTATE when the device changes CTS/DSR/DCD/RI.
/// </summary>
public sealed class Rfc2217DeviceConnection : IDeviceConnection
{
    private const byte Iac = 255, Dont = 254, Do = 253, Wont = 252, Will = 251, Sb = 250, Se = 240;
    private const byte Binary = 0, Sga = 3, ComPort = 44;
    private const int MaxSubnegotiation = 64;

    private readonly Stream _stream;
    private readonly SimulatedControlLines _lines;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _modemGate = new();
    private readonly byte[] _receive = new byte[4096];
    private readonly List<byte> _subnegotiation = new(MaxSubnegotiation);
    private readonly HashSet<(byte Verb, byte Option)> _answered = [];
    private ParseState _state;
    private byte _verb;
    private byte _modemStateMask = 0xFF;
    private byte _lastModemState;
    private bool _notifying;

    public Rfc2217DeviceConnection(Stream stream, SimulatedControlLines lines, ILogger logger)
    {
        _stream = stream;
        _lines = lines;
        _logger = logger;
        _lines.InputsChanged += OnInputsChanged;
    }

    private enum ParseState
    {
        Data,
        Command,
        Option,
        SubOption,
        SubData,
        SubIac,
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var max = Math.Min(buffer.Length, _receive.Length);
            var received = await _stream.ReadAsync(_receive.AsMemory(0, max), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return 0;
            }

            var replies = new List<byte>();
            var written = 0;
            var output = buffer.Span;
            for (var i = 0; i < received; i++)
            {
                if (Consume(_receive[i], replies, out var dataByte))
                {
                    output[written++] = dataByte;
                }
            }

            if (replies.Count > 0)
            {
                await SendControlAsync(replies.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            if (written > 0)
            {
                return written;
            }
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var escaped = new List<byte>(data.Length + 8);
        foreach (var value in data.Span)
        {
            escaped.Add(value);
            if (value == Iac)
            {
                escaped.Add(Iac);
            }
        }

        await SendControlAsync(escaped.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _lines.InputsChanged -= OnInputsChanged;
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private bool Consume(byte value, List<byte> replies, out byte dataByte)
    {
        dataByte = value;
        switch (_state)
        {
            case ParseState.Data:
                if (value == Iac)
                {
                    _state = ParseState.Command;
                    return false;
                }

                return true;
            case ParseState.Command:
                _state = ParseState.Data;
                if (value == Iac)
                {
                    return true;
                }

                if (value is Will or Wont or Do or Dont)
                {
                    _verb = value;
                    _state = ParseState.Option;
                }
                else if (value == Sb)
                {
                    _state = ParseState.SubOption;
                }

                return false;
            case ParseState.Option:
                _state = ParseState.Data;
                Negotiate(_verb, value, replies);
                return false;
            case ParseState.SubOption:
                _subnegotiation.Clear();
                _subnegotiation.Add(value);
                _state = ParseState.SubData;
                return false;
            case ParseState.SubData:
                if (value == Iac)
                {
                    _state = ParseState.SubIac;
                }
                else if (_subnegotiation.Count < MaxSubnegotiation)
                {
                    _subnegotiation.Add(value);
                }

                return false;
            default:
                if (value == Iac)
                {
                    _subnegotiation.Add(Iac);
                    _state = ParseState.SubData;
                }
                else
                {
                    _state = ParseState.Data;
                    if (value == Se)
                    {
                        HandleSubnegotiation(replies);
                    }
                }

                return false;
        }
    }

    private void Negotiate(byte verb, byte option, List<byte> replies)
    {
        var supported = option is Binary or Sga || (option == ComPort && verb is Will or Wont);
        var answer = verb switch
        {
            Will => supported ? Do : Dont,
            Do => supported ? Will : Wont,
            Wont => Dont,
            _ => Wont,
        };

        // Answer each distinct request once, so negotiation cannot loop.
        if (_answered.Add((answer, option)))
        {
            replies.AddRange([Iac, answer, option]);
            if (option == ComPort && answer == Do)
            {
                _logger.LogDebug("RFC 2217 client accepted");
            }
        }
    }

    private void HandleSubnegotiation(List<byte> replies)
    {
        if (_subnegotiation.Count < 2 || _subnegotiation[0] != ComPort)
        {
            return;
        }

        var command = _subnegotiation[1];
        var value = _subnegotiation.Skip(2).ToArray();
        switch (command)
        {
            case 1 when value.Length == 4:
                var baud = (value[0] << 24) | (value[1] << 16) | (value[2] << 8) | value[3];
                if (baud != 0)
                {
                    _lines.BaudRate = baud;
                }

                break;
            case 2 when value.Length == 1 && value[0] != 0:
                _lines.DataBits = value[0];
                break;
            case 5 when value.Length == 1:
                ApplyControl(value[0]);
                break;
            case 11 when value.Length == 1:
                _modemStateMask = value[0];
                break;
        }

        // Confirm with the server code; the value echoes what was asked.
        replies.AddRange([Iac, Sb, ComPort, (byte)(command + 100)]);
        foreach (var b in value)
        {
            replies.Add(b);
            if (b == Iac)
            {
                replies.Add(Iac);
            }
        }

        replies.AddRange([Iac, Se]);
        if (command == 11)
        {
            _notifying = true;
            AppendModemState(replies, force: true);
        }
    }

    private void ApplyControl(byte value)
    {
        switch (value)
        {
            case 8: _lines.SetOutputs(null, true); break;
            case 9: _lines.SetOutputs(null, false); break;
            case 11: _lines.SetOutputs(true, null); break;
            case 12: _lines.SetOutputs(false, null); break;
        }
    }

    private void OnInputsChanged()
    {
        if (!_notifying)
        {
            return;
        }

        var notification = new List<byte>();
        AppendModemState(notification, force: false);
        if (notification.Count > 0)
        {
            _ = SendNotificationAsync(notification.ToArray());
        }
    }

    private async Task SendNotificationAsync(byte[] frame)
    {
        try
        {
            await SendControlAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "Modem-state notification not delivered");
        }
    }

    private void AppendModemState(List<byte> frame, bool force)
    {
        lock (_modemGate)
        {
            AppendModemStateLocked(frame, force);
        }
    }

    private void AppendModemStateLocked(List<byte> frame, bool force)
    {
        var inputs = _lines.Inputs;
        var level = (byte)((inputs.Dcd ? 0x80 : 0) | (inputs.Ri ? 0x40 : 0) | (inputs.Dsr ? 0x20 : 0) | (inputs.Cts ? 0x10 : 0));
        var previous = _lastModemState;
        var delta = (byte)((((level ^ previous) & 0x80) != 0 ? 0x08 : 0)
            | ((previous & 0x40) != 0 && (level & 0x40) == 0 ? 0x04 : 0)
            | (((level ^ previous) & 0x20) != 0 ? 0x02 : 0)
            | (((level ^ previous) & 0x10) != 0 ? 0x01 : 0));
        _lastModemState = level;
        var state = (byte)((level | delta) & _modemStateMask);
        if (!force && level == previous)
        {
            return;
        }

        frame.AddRange([Iac, Sb, ComPort, 107, state]);
        if (state == Iac)
        {
            frame.Add(Iac);
        }

        frame.AddRange([Iac, Se]);
    }

    private async Task SendControlAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
