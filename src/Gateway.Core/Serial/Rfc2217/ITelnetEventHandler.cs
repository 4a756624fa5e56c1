namespace Gateway.Core.Serial.Rfc2217;

/// <summary>Receives the non-data parts of a telnet stream as <see cref="TelnetDecoder"/> finds them.</summary>
public interface ITelnetEventHandler
{
    void OnNegotiation(TelnetVerb verb, byte option);

    /// <summary>A complete <c>IAC SB option … IAC SE</c>; the payload is unescaped and only valid during the call.</summary>
    void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload);

    /// <summary>Any other two-byte command (NOP, GA, AYT, …).</summary>
    void OnCommand(byte command);
}
