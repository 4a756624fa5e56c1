namespace Gateway.Radio.Sds;

/// <summary>
/// Cuts a text into SDS-TRANSFER PDUs that each fit the terminal's limit (from <c>AT+CMGS=?</c>).
/// One part: plain text messaging (0x82). Several parts: "message with user data header" (0x8A)
/// with a concatenation element (reference = the first part's message reference, total, 1-based
/// sequence), each part with its own message reference so each gets its own SDS-REPORT.
/// </summary>
public static class SdsTextSplitter
{
    public const int MaxParts = 255;

    /// <param name="nextReference">Supplies a fresh message reference per part.</param>
    /// <exception cref="ArgumentException">The limit cannot hold even one character, or the text needs more than 255 parts.</exception>
    public static IReadOnlyList<SdsOutgoingPdu> Split(
        string text,
        int maxPduBits,
        Func<byte> nextReference,
        SdsDeliveryReportRequest reportRequest = SdsDeliveryReportRequest.ReceivedAndConsumed,
        SdsTextCoding? coding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(nextReference);
        var chosen = coding ?? SdsTextEncoder.ChooseCoding(text);
        var maxOctets = Math.Min(maxPduBits, SdsProtocol.MaxType4Bits) / 8;
        var unitOctets = chosen == SdsTextCoding.Utf16BigEndian ? 2 : 1;

        var singleCapacity = (maxOctets - SdsEncoderHeader(false)) / unitOctets;
        if (text.Length <= singleCapacity)
        {
            var reference = nextReference();
            return [Build(new SdsTextHeader(reference, chosen, reportRequest), text, null)];
        }

        var partCapacity = (maxOctets - SdsEncoderHeader(true)) / unitOctets;
        if (partCapacity < 2)
        {
            throw new ArgumentException($"A limit of {maxPduBits} bits cannot carry concatenated text.", nameof(maxPduBits));
        }

        var chunks = Chunk(text, partCapacity);
        if (chunks.Count > MaxParts)
        {
            throw new ArgumentException($"Text needs {chunks.Count} parts; at most {MaxParts} are possible.", nameof(text));
        }

        var result = new List<SdsOutgoingPdu>(chunks.Count);
        byte concatenationReference = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            var reference = nextReference();
            if (i == 0)
            {
                concatenationReference = reference;
            }

            var part = new SdsConcatenation(concatenationReference, (byte)chunks.Count, (byte)(i + 1));
            result.Add(Build(new SdsTextHeader(reference, chosen, reportRequest), chunks[i], part));
        }

        return result;
    }

    private static int SdsEncoderHeader(bool concatenated) => SdsTextEncoder.HeaderOctets(concatenated);

    /// <summary>Cuts at <paramref name="capacity"/> code units, never between the halves of a surrogate pair.</summary>
    private static List<string> Chunk(string text, int capacity)
    {
        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(capacity, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            chunks.Add(text.Substring(start, length));
            start += length;
        }

        return chunks;
    }

    private static SdsOutgoingPdu Build(in SdsTextHeader header, string text, SdsConcatenation? concatenation)
    {
        Span<byte> pdu = stackalloc byte[SdsProtocol.MaxType4Bits / 8 + 1];
        var octets = SdsTextEncoder.Write(pdu, header, text, concatenation);
        return new SdsOutgoingPdu(header.MessageReference, Convert.ToHexString(pdu[..octets]), octets * 8, concatenation);
    }
}
