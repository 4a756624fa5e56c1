using System.Text;

namespace Gateway.Core.At;

/// <summary>
/// Handles an unsolicited result code. Runs on the channel's read loop: keep it short and
/// copy what you need (the spans are only valid during the call); never block.
/// </summary>
public delegate void AtUnsolicitedHandler(in AtUnsolicitedMessage message);

/// <summary>An unsolicited result code as received, e.g. <c>+CTXG: 1,0,0,0</c>, with its payload line where the prefix has one.</summary>
public readonly ref struct AtUnsolicitedMessage
{
    public AtUnsolicitedMessage(ReadOnlySpan<byte> line, ReadOnlySpan<byte> payloadLine, bool hasPayloadLine)
    {
        Line = line;
        PayloadLine = payloadLine;
        HasPayloadLine = hasPayloadLine;
    }

    /// <summary>The URC line itself (ASCII, no line ending).</summary>
    public ReadOnlySpan<byte> Line { get; }

    /// <summary>The line that followed (e.g. the hex PDU after <c>+CTSDSR</c>); empty when none.</summary>
    public ReadOnlySpan<byte> PayloadLine { get; }

    public bool HasPayloadLine { get; }

    /// <summary>The text after the first colon, trimmed (e.g. <c>1,0,0,0</c>); the whole line if it has none.</summary>
    public ReadOnlySpan<byte> Parameters
    {
        get
        {
            int colon = Line.IndexOf((byte)':');
            return colon < 0 ? Line : Line[(colon + 1)..].Trim((byte)' ');
        }
    }

    /// <summary>Allocates the line as a string (convenience; not for hot paths).</summary>
    public string LineText() => Encoding.Latin1.GetString(Line);

    /// <summary>Allocates the payload line as a string (convenience; not for hot paths).</summary>
    public string PayloadText() => Encoding.Latin1.GetString(PayloadLine);
}
