namespace Gateway.Core.Serial.Rfc2217;

/// <summary>Escapes data for a telnet stream: every 0xFF (IAC) byte is sent twice.</summary>
public static class TelnetEscaper
{
    /// <summary>The worst case: every byte is IAC.</summary>
    public static int MaxEscapedLength(int dataLength) => checked(dataLength * 2);

    /// <summary>Copies <paramref name="data"/> to <paramref name="output"/> with IAC doubled; returns bytes written.</summary>
    public static int Escape(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var written = 0;
        while (!data.IsEmpty)
        {
            var iac = data.IndexOf(TelnetCodes.Iac);
            var plain = iac < 0 ? data.Length : iac;
            data[..plain].CopyTo(output[written..]);
            written += plain;
            if (iac < 0)
            {
                break;
            }

            output[written++] = TelnetCodes.Iac;
            output[written++] = TelnetCodes.Iac;
            data = data[(iac + 1)..];
        }

        return written;
    }
}
