using System.Buffers;

namespace Gateway.Core.Serial.Rfc2217;

/// <summary>
/// The client's side of the telnet option dialogue: wants BINARY and SGA both ways and offers
/// COM-PORT-OPTION; refuses everything else once; answers only on a change so negotiations cannot loop
/// (RFC 854). Replies are collected in <see cref="PendingOutput"/> for the link to send.
/// </summary>
public sealed class Rfc2217Negotiator : ITelnetEventHandler
{
    private readonly HashSet<(TelnetVerb, byte)> _sent = [];
    private readonly ArrayBufferWriter<byte> _pending = new(64);

    /// <summary>Set when the server answers DO COM-PORT-OPTION (true) or DONT (false).</summary>
    public bool? ComPortAccepted { get; private set; }

    public ModemInputLines InputLines { get; private set; }

    /// <summary>Raised when the server confirms a COM-PORT command (code + 100) with its value bytes.</summary>
    public event Action<byte, byte[]>? ComPortReplyReceived;

    public event Action<bool>? ComPortDecided;

    public event Action<ModemInputLines>? InputLinesChanged;

    /// <summary>Replies produced while decoding; the caller sends and then clears them.</summary>
    public ReadOnlyMemory<byte> PendingOutput => _pending.WrittenMemory;

    public void ClearPendingOutput() => _pending.ResetWrittenCount();

    /// <summary>Our opening offers: WILL/DO BINARY, WILL/DO SGA, WILL COM-PORT-OPTION.</summary>
    public void WriteOpening()
    {
        Send(TelnetVerb.Will, TelnetCodes.OptionBinary);
        Send(TelnetVerb.Do, TelnetCodes.OptionBinary);
        Send(TelnetVerb.Will, TelnetCodes.OptionSuppressGoAhead);
        Send(TelnetVerb.Do, TelnetCodes.OptionSuppressGoAhead);
        Send(TelnetVerb.Will, TelnetCodes.OptionComPort);
    }

    public void OnNegotiation(TelnetVerb verb, byte option)
    {
        var wanted = option is TelnetCodes.OptionBinary or TelnetCodes.OptionSuppressGoAhead
            || (option == TelnetCodes.OptionComPort && verb is TelnetVerb.Do or TelnetVerb.Dont);
        switch (verb)
        {
            case TelnetVerb.Do:
                SendOnce(wanted ? TelnetVerb.Will : TelnetVerb.Wont, option);
                if (option == TelnetCodes.OptionComPort)
                {
                    Decide(true);
                }

                break;
            case TelnetVerb.Dont:
                SendOnce(TelnetVerb.Wont, option);
                if (option == TelnetCodes.OptionComPort)
                {
                    Decide(false);
                }

                break;
            case TelnetVerb.Will:
                SendOnce(wanted ? TelnetVerb.Do : TelnetVerb.Dont, option);
                break;
            case TelnetVerb.Wont:
                SendOnce(TelnetVerb.Dont, option);
                break;
        }
    }

    public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload)
    {
        if (option != TelnetCodes.OptionComPort || payload.IsEmpty)
        {
            return;
        }

        var command = payload[0];
        if (command == ComPortCodes.ServerOffset + ComPortCodes.NotifyModemState && payload.Length >= 2)
        {
            var lines = ComPortFrames.ToInputLines(payload[1]);
            if (lines != InputLines)
            {
                InputLines = lines;
                InputLinesChanged?.Invoke(lines);
            }

            return;
        }

        if (command > ComPortCodes.ServerOffset)
        {
            ComPortReplyReceived?.Invoke((byte)(command - ComPortCodes.ServerOffset), payload[1..].ToArray());
        }
    }

    public void OnCommand(byte command)
    {
        // NOP, GA, AYT and the like carry nothing for a serial link.
    }

    private void Decide(bool accepted)
    {
        if (ComPortAccepted != accepted)
        {
            ComPortAccepted = accepted;
            ComPortDecided?.Invoke(accepted);
        }
    }

    private void SendOnce(TelnetVerb verb, byte option)
    {
        if (!_sent.Contains((verb, option)))
        {
            Send(verb, option);
        }
    }

    private void Send(TelnetVerb verb, byte option)
    {
        _sent.Add((verb, option));
        var opposite = verb switch
        {
            TelnetVerb.Will => TelnetVerb.Wont,
            TelnetVerb.Wont => TelnetVerb.Will,
            TelnetVerb.Do => TelnetVerb.Dont,
            _ => TelnetVerb.Do,
        };
        _sent.Remove((opposite, option));
        var span = _pending.GetSpan(3);
        _pending.Advance(ComPortFrames.Negotiation(span, verb, option));
    }
}
