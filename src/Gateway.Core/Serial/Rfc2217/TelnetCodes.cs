namespace Gateway.Core.Serial.Rfc2217;

/// <summary>Telnet command bytes (RFC 854) and the options we negotiate (RFC 856, 858, 2217).</summary>
public static class TelnetCodes
{
    public const byte Se = 240;
    public const byte Nop = 241;
    public const byte Sb = 250;
    public const byte Will = 251;
    public const byte Wont = 252;
    public const byte Do = 253;
    public const byte Dont = 254;
    public const byte Iac = 255;

    public const byte OptionBinary = 0;
    public const byte OptionSuppressGoAhead = 3;
    public const byte OptionComPort = 44;
}

/// <summary>The four option negotiation verbs.</summary>
public enum TelnetVerb : byte
{
    Will = TelnetCodes.Will,
    Wont = TelnetCodes.Wont,
    Do = TelnetCodes.Do,
    Dont = TelnetCodes.Dont,
}

/// <summary>COM-PORT-OPTION sub-commands (RFC 2217 §3); the server answers with the code + 100.</summary>
public static class ComPortCodes
{
    public const byte SetBaudRate = 1;
    public const byte SetDataSize = 2;
    public const byte SetParity = 3;
    public const byte SetStopSize = 4;
    public const byte SetControl = 5;
    public const byte NotifyLineState = 6;
    public const byte NotifyModemState = 7;
    public const byte SetLineStateMask = 10;
    public const byte SetModemStateMask = 11;
    public const byte ServerOffset = 100;

    public const byte ParityNone = 1;
    public const byte ParityOdd = 2;
    public const byte ParityEven = 3;
    public const byte ParityMark = 4;
    public const byte ParitySpace = 5;

    public const byte StopSizeOne = 1;
    public const byte StopSizeTwo = 2;
    public const byte StopSizeOnePointFive = 3;

    public const byte ControlFlowNone = 1;
    public const byte ControlFlowXonXoff = 2;
    public const byte ControlFlowHardware = 3;
    public const byte ControlDtrOn = 8;
    public const byte ControlDtrOff = 9;
    public const byte ControlRtsOn = 11;
    public const byte ControlRtsOff = 12;

    // NOTIFY-MODEMSTATE bits: high nibble levels, low nibble deltas.
    public const byte ModemCarrierDetect = 0x80;
    public const byte ModemRingIndicator = 0x40;
    public const byte ModemDsr = 0x20;
    public const byte ModemCts = 0x10;
}
