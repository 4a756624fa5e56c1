using System.Globalization;
using System.Text;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>What a field unit makes of an SDS type 4 PDU.</summary>
public enum UnitPduKind
{
    Text,
    Report,
    Other,
    Invalid,
}

/// <param name="Part">1-based part of a concatenated text, with <paramref name="Parts"/> in all (1 of 1 when not split).</param>
public sealed record UnitPdu(
    UnitPduKind Kind,
    int ProtocolId,
    int MessageReference,
    int ReportRequest,
    int Coding,
    string Text,
    int Part,
    int Parts,
    int? ConcatenationReference,
    int? ReportStatus,
    string? Problem);

/// <summary>
/// The simulator's own reading of SDS-TL (EN 300 392-2 clause 29), written apart from the gateway's codec so
/// the two cannot share a mistake: protocol 0x82 (text) or 0x8A (text with user data header), then the
/// SDS-TRANSFER octet (type in the high nibble, delivery report request in bits 3–2), the reference, and
/// timestamp flag + coding scheme (1 Latin-1, 26 UTF-16BE). An SDS-REPORT is type 1.
/// </summary>
public static class UnitPduReader
{
    private const int TextProtocol = 0x82;
    private const int TextWithHeaderProtocol = 0x8A;

    public static UnitPdu Read(string hex, int bits)
    {
        if (hex.Length % 2 != 0 || hex.Length > 1024 || !hex.All(char.IsAsciiHexDigit))
        {
            return Invalid("not an even run of hex digits");
        }

        var data = Convert.FromHexString(hex);
        if (bits != data.Length * 8)
        {
            return Invalid($"length {bits} bits does not match {data.Length} octets");
        }

        if (data.Length < 2)
        {
            return Invalid("shorter than two octets");
        }

        var protocol = data[0];
        var type = data[1] >> 4;
        if (protocol is not (TextProtocol or TextWithHeaderProtocol))
        {
            return new UnitPdu(UnitPduKind.Other, protocol, 0, 0, 0, string.Empty, 1, 1, null, null, null);
        }

        if (type == 1)
        {
            return data.Length < 4
                ? Invalid("SDS-REPORT shorter than four octets")
                : new UnitPdu(UnitPduKind.Report, protocol, data[3], 0, 0, string.Empty, 1, 1, null, data[2], null);
        }

        if (type != 0 || data.Length < 4)
        {
            return Invalid($"message type {type} or too short for SDS-TRANSFER");
        }

        var reportRequest = (data[1] >> 2) & 0b11;
        var reference = data[2];
        var timestampUsed = (data[3] & 0x80) != 0;
        var coding = data[3] & 0x7F;
        var offset = 4 + (timestampUsed ? 3 : 0);
        int part = 1, parts = 1;
        int? concatenation = null;
        if (protocol == TextWithHeaderProtocol)
        {
            if (offset >= data.Length || offset + 1 + data[offset] > data.Length)
            {
                return Invalid("user data header runs past the end");
            }

            var headerLength = data[offset];
            var header = data.AsSpan(offset + 1, headerLength);
            // Information element 0x00: concatenation with an 8-bit reference.
            if (header.Length >= 5 && header[0] == 0x00 && header[1] == 3)
            {
                concatenation = header[2];
                parts = header[3];
                part = header[4];
            }

            offset += 1 + headerLength;
        }

        var body = data.AsSpan(Math.Min(offset, data.Length));
        string text;
        switch (coding)
        {
            case 1:
                text = Encoding.Latin1.GetString(body);
                break;
            case 26 when body.Length % 2 == 0:
                text = Encoding.BigEndianUnicode.GetString(body);
                break;
            default:
                return Invalid(string.Create(CultureInfo.InvariantCulture, $"coding {coding} with {body.Length} octets"));
        }

        return new UnitPdu(UnitPduKind.Text, protocol, reference, reportRequest, coding, text, part, parts, concatenation, null, null);
    }

    private static UnitPdu Invalid(string problem) =>
        new(UnitPduKind.Invalid, 0, 0, 0, 0, string.Empty, 1, 1, null, null, problem);
}
