using System.Buffers.Binary;

namespace Gateway.Core.Serial.Rfc2217;

/// <summary>Builds the client's telnet frames: option negotiations and COM-PORT-OPTION sub-negotiations.</summary>
public static class ComPortFrames
{
    /// <summary>Enough for any frame we build: IAC SB 44 cmd, 4 value bytes each possibly doubled, IAC SE.</summary>
    public const int MaxFrameLength = 16;

    public static int Negotiation(Span<byte> destination, TelnetVerb verb, byte option)
    {
        destination[0] = TelnetCodes.Iac;
        destination[1] = (byte)verb;
        destination[2] = option;
        return 3;
    }

    public static int SetBaudRate(Span<byte> destination, int baudRate)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, (uint)baudRate);
        return Command(destination, ComPortCodes.SetBaudRate, value);
    }

    public static int Command(Span<byte> destination, byte command, byte value) =>
        Command(destination, command, [value]);

    /// <summary>IAC SB COM-PORT-OPTION command value… IAC SE, with IAC doubled inside the value.</summary>
    public static int Command(Span<byte> destination, byte command, ReadOnlySpan<byte> value)
    {
        destination[0] = TelnetCodes.Iac;
        destination[1] = TelnetCodes.Sb;
        destination[2] = TelnetCodes.OptionComPort;
        destination[3] = command;
        var written = 4 + TelnetEscaper.Escape(value, destination[4..]);
        destination[written++] = TelnetCodes.Iac;
        destination[written++] = TelnetCodes.Se;
        return written;
    }

    public static byte ParityCode(SerialParity parity) => parity switch
    {
        SerialParity.Odd => ComPortCodes.ParityOdd,
        SerialParity.Even => ComPortCodes.ParityEven,
        SerialParity.Mark => ComPortCodes.ParityMark,
        SerialParity.Space => ComPortCodes.ParitySpace,
        _ => ComPortCodes.ParityNone,
    };

    public static byte StopSizeCode(SerialStopBits stopBits) => stopBits switch
    {
        SerialStopBits.Two => ComPortCodes.StopSizeTwo,
        SerialStopBits.OnePointFive => ComPortCodes.StopSizeOnePointFive,
        _ => ComPortCodes.StopSizeOne,
    };

    public static byte FlowControlCode(SerialFlowControl flow) => flow switch
    {
        SerialFlowControl.XonXoff => ComPortCodes.ControlFlowXonXoff,
        SerialFlowControl.RtsCts => ComPortCodes.ControlFlowHardware,
        _ => ComPortCodes.ControlFlowNone,
    };

    /// <summary>Maps the level bits of a NOTIFY-MODEMSTATE value to input lines.</summary>
    public static ModemInputLines ToInputLines(byte modemState)
    {
        var lines = ModemInputLines.None;
        if ((modemState & ComPortCodes.ModemCts) != 0)
        {
            lines |= ModemInputLines.Cts;
        }

        if ((modemState & ComPortCodes.ModemDsr) != 0)
        {
            lines |= ModemInputLines.Dsr;
        }

        if ((modemState & ComPortCodes.ModemCarrierDetect) != 0)
        {
            lines |= ModemInputLines.Dcd;
        }

        if ((modemState & ComPortCodes.ModemRingIndicator) != 0)
        {
            lines |= ModemInputLines.Ri;
        }

        return lines;
    }
}
