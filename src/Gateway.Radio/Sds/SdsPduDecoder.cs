using System.Buffers;
using System.Text;

namespace Gateway.Radio.Sds;

/// <summary>Decodes SDS-TL PDUs received with <c>+CTSDSR</c>. Never throws on wire input.</summary>
public static class SdsPduDecoder
{
    /// <summary>Longest hex PDU accepted: SDS type 4 is at most 2047 bits (256 octets).</summary>
    public const int MaxHexChars = 512;

    /// <summary>Decodes a hex PDU line; <paramref name="bits"/> (from the header) trims padding when given.</summary>
    public static SdsPdu DecodeHex(ReadOnlySpan<char> hex, int? bits = null)
    {
        hex = hex.Trim();
        if (hex.IsEmpty)
        {
            return new SdsMalformed("empty PDU");
        }

        if (hex.Length > MaxHexChars)
        {
            return new SdsMalformed($"PDU longer than {MaxHexChars} hex characters");
        }

        if (hex.Length % 2 != 0)
        {
            // Some terminals drop a trailing padding nibble (bit lengths not a multiple of 8).
            hex = hex[..^1];
        }

        Span<byte> buffer = stackalloc byte[MaxHexChars / 2];
        var status = Convert.FromHexString(hex, buffer, out _, out var written);
        if (status != OperationStatus.Done)
        {
            return new SdsMalformed("PDU is not hex");
        }

        var octets = written;
        if (bits is > 0 && (bits.Value + 7) / 8 < octets)
        {
            octets = (bits.Value + 7) / 8;
        }

        return Decode(buffer[..octets]);
    }

    public static SdsPdu Decode(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < 2)
        {
            return new SdsMalformed("PDU shorter than two octets");
        }

        if ((pdu[0] & SdsProtocol.ShortReportIdentifierMask) == SdsProtocol.ShortReportIdentifier)
        {
            return new SdsShortReport(pdu[1], (SdsShortReportType)(pdu[0] & 0x03));
        }

        var protocolId = pdu[0];
        if (protocolId is not (SdsProtocol.TextMessaging or SdsProtocol.TextMessagingWithUserDataHeader))
        {
            return new SdsUnsupported(protocolId, $"protocol 0x{protocolId:X2} is not text messaging");
        }

        var messageType = pdu[1] >> 4;
        return messageType switch
        {
            SdsProtocol.MessageTypeTransfer => DecodeTransfer(pdu),
            SdsProtocol.MessageTypeReport => DecodeReport(pdu),
            _ => new SdsUnsupported(protocolId, $"SDS-TL message type {messageType}"),
        };
    }

    private static SdsPdu DecodeReport(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < 4)
        {
            return new SdsMalformed("SDS-REPORT shorter than four octets");
        }

        return new SdsReport(pdu[0], pdu[3], pdu[2], (pdu[1] & 0x08) != 0);
    }

    private static SdsPdu DecodeTransfer(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < SdsProtocol.TextHeaderOctets)
        {
            return new SdsMalformed("SDS-TRANSFER shorter than four octets");
        }

        var protocolId = pdu[0];
        var reportRequest = (SdsDeliveryReportRequest)((pdu[1] >> 2) & 0x03);
        var standardReportOnly = (pdu[1] & 0x02) != 0;
        var storeForward = (pdu[1] & 0x01) != 0;
        var reference = pdu[2];
        var position = 3;

        if (storeForward && !TrySkipStoreForward(pdu, ref position))
        {
            return new SdsMalformed("storage/forward control truncated");
        }

        if (position >= pdu.Length)
        {
            return new SdsMalformed("text header missing");
        }

        var timestampUsed = (pdu[position] & 0x80) != 0;
        var coding = (byte)(pdu[position] & 0x7F);
        position++;

        SdsTimestamp? timestamp = null;
        if (timestampUsed)
        {
            if (position + SdsProtocol.TimestampOctets > pdu.Length)
            {
                return new SdsMalformed("timestamp truncated");
            }

            timestamp = ReadTimestamp(pdu.Slice(position, SdsProtocol.TimestampOctets));
            position += SdsProtocol.TimestampOctets;
        }

        SdsConcatenation? concatenation = null;
        if (protocolId == SdsProtocol.TextMessagingWithUserDataHeader)
        {
            if (position >= pdu.Length)
            {
                return new SdsMalformed("user data header missing");
            }

            var headerLength = pdu[position];
            if (position + 1 + headerLength > pdu.Length)
            {
                return new SdsMalformed("user data header truncated");
            }

            concatenation = FindConcatenation(pdu.Slice(position + 1, headerLength));
            position += 1 + headerLength;
        }

        var textOctets = pdu[position..];
        var text = coding switch
        {
            (byte)SdsTextCoding.Latin1 => Encoding.Latin1.GetString(textOctets),
            (byte)SdsTextCoding.Utf16BigEndian => Encoding.BigEndianUnicode.GetString(textOctets[..(textOctets.Length & ~1)]),
            _ => string.Empty,
        };

        return new SdsTextTransfer(protocolId, reference, reportRequest, standardReportOnly, coding, timestamp, text, concatenation);
    }

    /// <summary>Validity period (5 bits) + forward address type (3 bits), then the address by type.</summary>
    private static bool TrySkipStoreForward(ReadOnlySpan<byte> pdu, ref int position)
    {
        if (position >= pdu.Length)
        {
            return false;
        }

        var addressType = pdu[position] & 0x07;
        position++;
        int addressOctets;
        switch (addressType)
        {
            case 0: addressOctets = 1; break;  // short number address
            case 1: addressOctets = 3; break;  // SSI
            case 2: addressOctets = 6; break;  // TSI: MCC 10 + MNC 14 + SSI 24 bits
            case 3:                            // external subscriber number: digit count + BCD digits
                if (position >= pdu.Length)
                {
                    return false;
                }

                addressOctets = 1 + (pdu[position] + 1) / 2;
                break;
            default: addressOctets = 0; break; // 7: no forward address
        }

        position += addressOctets;
        return position <= pdu.Length;
    }

    private static SdsTimestamp ReadTimestamp(ReadOnlySpan<byte> octets)
    {
        var value = (octets[0] << 16) | (octets[1] << 8) | octets[2];
        return new SdsTimestamp(
            TimeFrameType: (byte)(value >> 22),
            Month: (byte)((value >> 16) & 0x0F),
            Day: (byte)((value >> 11) & 0x1F),
            Hour: (byte)((value >> 6) & 0x1F),
            Minute: (byte)(value & 0x3F));
    }

    /// <summary>Looks for element 0x00 (8-bit reference) or 0x08 (16-bit reference, low octet kept).</summary>
    private static SdsConcatenation? FindConcatenation(ReadOnlySpan<byte> header)
    {
        var position = 0;
        while (position + 2 <= header.Length)
        {
            var id = header[position];
            var length = header[position + 1];
            var body = position + 2;
            if (body + length > header.Length)
            {
                return null;
            }

            if (id == 0x00 && length == 3)
            {
                return new SdsConcatenation(header[body], header[body + 1], header[body + 2]);
            }

            if (id == 0x08 && length == 4)
            {
                return new SdsConcatenation(header[body + 1], header[body + 2], header[body + 3]);
            }

            position = body + length;
        }

        return null;
    }
}
