using System.Buffers.Binary;

namespace Gateway.Radio.Sds;

/// <summary>Fields of an outgoing SDS-TRANSFER text message other than the text itself.</summary>
/// <param name="StandardReportOnly">
/// Sets the "service selection / short form report" bit to 1 so the destination answers with a full
/// SDS-REPORT (<c>82 10 status ref</c>) rather than an SDS-SHORT-REPORT.
/// </param>
public readonly record struct SdsTextHeader(
    byte MessageReference,
    SdsTextCoding Coding,
    SdsDeliveryReportRequest ReportRequest = SdsDeliveryReportRequest.ReceivedAndConsumed,
    bool StandardReportOnly = true);

/// <summary>Concatenation element of a user data header: all parts share <paramref name="Reference"/>; sequence is 1-based.</summary>
public readonly record struct SdsConcatenation(byte Reference, byte Total, byte Sequence);

/// <summary>
/// Writes SDS-TL SDS-TRANSFER text PDUs (EN 300 392-2 clause 29.4.2.4 / 29.5.3) into caller buffers:
/// protocol id, message type + delivery report request + short-form bit + storage bit (0),
/// message reference, timestamp-used bit (0) + 7-bit text coding scheme, [user data header], text.
/// </summary>
public static class SdsTextEncoder
{
    /// <summary>Latin 1 when every character fits in one octet, else UTF-16BE.</summary>
    public static SdsTextCoding ChooseCoding(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c > '\u00FF')
            {
                return SdsTextCoding.Utf16BigEndian;
            }
        }

        return SdsTextCoding.Latin1;
    }

    public static int TextOctets(int charCount, SdsTextCoding coding) =>
        coding == SdsTextCoding.Utf16BigEndian ? charCount * 2 : charCount;

    public static int HeaderOctets(bool concatenated) =>
        SdsProtocol.TextHeaderOctets + (concatenated ? SdsProtocol.ConcatenationHeaderOctets : 0);

    public static int PduOctets(int charCount, SdsTextCoding coding, bool concatenated) =>
        HeaderOctets(concatenated) + TextOctets(charCount, coding);

    /// <summary>Writes the PDU and returns its length in octets (its length in bits is 8 times that).</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(Span<byte> destination, in SdsTextHeader header, ReadOnlySpan<char> text, SdsConcatenation? concatenation = null)
    {
        var needed = PduOctets(text.Length, header.Coding, concatenation.HasValue);
        if (destination.Length < needed)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets, the PDU needs {needed}.", nameof(destination));
        }

        destination[0] = concatenation.HasValue ? SdsProtocol.TextMessagingWithUserDataHeader : SdsProtocol.TextMessaging;
        destination[1] = (byte)((SdsProtocol.MessageTypeTransfer << 4)
            | ((byte)header.ReportRequest << 2)
            | (header.StandardReportOnly ? 0x02 : 0x00));
        destination[2] = header.MessageReference;
        destination[3] = (byte)((byte)header.Coding & 0x7F); // timestamp-used bit 0: the SwMI stamps the time
        var position = SdsProtocol.TextHeaderOctets;

        if (concatenation is { } part)
        {
            destination[position++] = 5; // UDH length: one element of 2 + 3 octets
            destination[position++] = SdsProtocol.ConcatenationElementId;
            destination[position++] = 3;
            destination[position++] = part.Reference;
            destination[position++] = part.Total;
            destination[position++] = part.Sequence;
        }

        if (header.Coding == SdsTextCoding.Utf16BigEndian)
        {
            foreach (var c in text)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[position..], c);
                position += 2;
            }
        }
        else
        {
            foreach (var c in text)
            {
                destination[position++] = c <= '\u00FF' ? (byte)c : (byte)'?';
            }
        }

        return position;
    }

    /// <summary>Writes <paramref name="pdu"/> as upper-case hex; returns the number of characters.</summary>
    public static int WriteHex(ReadOnlySpan<byte> pdu, Span<char> destination)
    {
        if (!Convert.TryToHexString(pdu, destination, out var written))
        {
            throw new ArgumentException("Destination too small for the hex PDU.", nameof(destination));
        }

        return written;
    }
}
