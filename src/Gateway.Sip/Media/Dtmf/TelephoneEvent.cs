using System.Buffers.Binary;

namespace Gateway.Sip.Media.Dtmf;

/// <summary>An RFC 4733 §2.3 telephone-event payload: event, end bit, volume (−dBm0) and duration (timestamp units).</summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Length = 4;
    public const byte MaxDtmfEvent = 16;

    /// <summary>Parses the first event of a payload; false when too short or the volume field is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        telephoneEvent = default;
        if (payload.Length < Length) return false;
        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length) return 0;
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return Length;
    }

    /// <summary>The DTMF symbol of this event, or null for non-DTMF events (RFC 4733 §3.2).</summary>
    public char? Digit => DtmfDigits.ToDigit(Event);
}

/// <summary>Mapping between DTMF symbols and RFC 4733 event codes 0–16.</summary>
public static class DtmfDigits
{
    private const string Symbols = "0123456789*#ABCD!";   // 16 = flash

    public static char? ToDigit(byte eventCode) => eventCode <= TelephoneEvent.MaxDtmfEvent ? Symbols[eventCode] : null;

    public static bool TryGetEvent(char digit, out byte eventCode)
    {
        int index = Symbols.IndexOf(char.ToUpperInvariant(digit));
        eventCode = (byte)Math.Max(index, 0);
        return index >= 0;
    }
}
