using Gateway.Radio.Sds;

namespace Gateway.Radio.Tests.Sds;

public sealed class SdsTextCodecTests
{
    /// <summary>
    /// Derived by hand from EN 300 392-2 clause 29.4.2.4 (SDS-TRANSFER) and 29.5.3 (text SDU):
    ///   82  protocol identifier: text messaging over SDS-TL
    ///   0E  0000 (message type SDS-TRANSFER) 11 (report received and consumed) 1 (standard report only) 0 (no storage/forward)
    ///   01  message reference 1
    ///   01  0 (no timestamp) 0000001 (text coding scheme 1 = ISO 8859-1)
    ///   4F 4B  "OK" in Latin 1
    /// Six octets, so AT+CMGS gets 48 bits.
    /// </summary>
    [Fact]
    public void Latin1_text_encodes_to_the_bytes_derived_from_the_standard()
    {
        Span<byte> buffer = stackalloc byte[16];
        var octets = SdsTextEncoder.Write(buffer, new SdsTextHeader(1, SdsTextCoding.Latin1), "OK");

        Assert.Equal(new byte[] { 0x82, 0x0E, 0x01, 0x01, 0x4F, 0x4B }, buffer[..octets].ToArray());
    }

    [Fact]
    public void Chinese_text_uses_coding_26_and_utf16_big_endian()
    {
        const string text = "火灾，请立即到场";
        Assert.Equal(SdsTextCoding.Utf16BigEndian, SdsTextEncoder.ChooseCoding(text));

        Span<byte> buffer = stackalloc byte[64];
        var octets = SdsTextEncoder.Write(buffer, new SdsTextHeader(0x2A, SdsTextCoding.Utf16BigEndian), text);

        Assert.Equal(4 + text.Length * 2, octets);
        Assert.Equal(0x1A, buffer[3]); // 26, no timestamp
        Assert.Equal(new byte[] { 0x70, 0x6B, 0x70, 0x7E }, buffer[4..8].ToArray()); // 火 U+706B, 灾 U+707E
    }

    [Theory]
    [InlineData("火灾，请立即到场")]
    [InlineData("Brand in der Hauptstraße 5, Zürich")]
    [InlineData("")]
    [InlineData("A")]
    public void Text_round_trips_through_hex(string text)
    {
        var coding = SdsTextEncoder.ChooseCoding(text);
        Span<byte> pdu = stackalloc byte[256];
        var octets = SdsTextEncoder.Write(pdu, new SdsTextHeader(200, coding, SdsDeliveryReportRequest.Received), text);
        var hex = Convert.ToHexString(pdu[..octets]);

        var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex(hex, octets * 8));

        Assert.Equal(text, decoded.Text);
        Assert.Equal(200, decoded.MessageReference);
        Assert.Equal((byte)coding, decoded.CodingScheme);
        Assert.Equal(SdsDeliveryReportRequest.Received, decoded.ReportRequest);
        Assert.True(decoded.StandardReportOnly);
        Assert.Null(decoded.Concatenation);
    }

    [Fact]
    public void Latin1_text_is_chosen_when_every_character_fits_one_octet()
    {
        Assert.Equal(SdsTextCoding.Latin1, SdsTextEncoder.ChooseCoding("Straße ÿ"));
        Assert.Equal(SdsTextCoding.Utf16BigEndian, SdsTextEncoder.ChooseCoding("a – b"));
    }

    [Fact]
    public void Write_refuses_a_too_small_buffer()
    {
        var buffer = new byte[5];
        Assert.Throws<ArgumentException>(() => SdsTextEncoder.Write(buffer, new SdsTextHeader(1, SdsTextCoding.Latin1), "OK"));
    }

    [Fact]
    public void Incoming_text_with_timestamp_decodes_time_and_text()
    {
        // 82 04: transfer, received report requested, short form allowed; ref C9; 81: timestamp used + Latin 1.
        // Timestamp 24 bits: type 01 (UTC), 00, month 0100 (4), day 01011 (11), hour 01010 (10), minute 001111 (15).
        var bits = (1 << 22) | (4 << 16) | (11 << 11) | (10 << 6) | 15;
        var hex = $"8204C981{bits:X6}6869";

        var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex(hex));

        Assert.Equal("hi", decoded.Text);
        Assert.Equal(new SdsTimestamp(1, 4, 11, 10, 15), decoded.Timestamp);
        Assert.False(decoded.StandardReportOnly);
    }

    [Fact]
    public void Storage_forward_control_with_an_ssi_is_skipped()
    {
        // 82 05: transfer, received requested, storage/forward present; ref 07;
        // 09: validity 1, forward address type 1 (SSI); 00 03 E9: SSI 1001; 01 41: Latin 1 "A".
        var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex("8205070900 03E9 0141".Replace(" ", string.Empty)));
        Assert.Equal("A", decoded.Text);
        Assert.Equal(7, decoded.MessageReference);
    }

    [Fact]
    public void Unsupported_coding_gives_empty_text_and_a_flag()
    {
        var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex("8200010541"));
        Assert.True(decoded.UnsupportedCoding);
        Assert.Equal(string.Empty, decoded.Text);
    }

    [Fact]
    public void Bit_length_from_the_header_trims_padding()
    {
        var decoded = Assert.IsType<SdsTextTransfer>(SdsPduDecoder.DecodeHex("820001014142", bits: 40));
        Assert.Equal("A", decoded.Text);
    }
}
