namespace Gateway.Core.Serial;

/// <summary>How a serial device is reached.</summary>
public enum SerialLinkKind
{
    /// <summary>An OS serial port (<c>serial://</c>): COM3, /dev/ttyUSB0, /dev/pts/N.</summary>
    OsPort,

    /// <summary>Raw TCP to a serial device server (<c>tcp://</c>), no control lines.</summary>
    RawTcp,

    /// <summary>Telnet COM Port Control, RFC 2217 (<c>rfc2217://</c>).</summary>
    Rfc2217,
}
