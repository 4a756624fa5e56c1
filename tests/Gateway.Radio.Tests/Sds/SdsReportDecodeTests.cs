using Gateway.Radio.Sds;

namespace Gateway.Radio.Tests.Sds;

public sealed class SdsReportDecodeTests
{
    [Theory]
    [InlineData("82100002", 0x00, 2, SdsDeliveryOutcome.Received)]
    [InlineData("82100203", 0x02, 3, SdsDeliveryOutcome.Consumed)]
    [InlineData("82102107", 0x21, 7, SdsDeliveryOutcome.Pending)]
    [InlineData("82104A05", 0x4A, 5, SdsDeliveryOutcome.Failed)]
    [InlineData("82104BFF", 0x4B, 255, SdsDeliveryOutcome.Failed)]
    [InlineData("82108001", 0x80, 1, SdsDeliveryOutcome.Control)]
    public void Report_gives_status_reference_and_outcome(string hex, byte status, byte reference, SdsDeliveryOutcome outcome)
    {
        var report = Assert.IsType<SdsReport>(SdsPduDecoder.DecodeHex(hex));

        Assert.Equal(status, report.DeliveryStatus);
        Assert.Equal(reference, report.MessageReference);
        Assert.Equal(outcome, report.Outcome);
        Assert.False(report.AcknowledgementRequired);
    }

    [Fact]
    public void Acknowledgement_required_bit_is_read()
    {
        var report = Assert.IsType<SdsReport>(SdsPduDecoder.DecodeHex("82180001"));
        Assert.True(report.AcknowledgementRequired);
    }

    [Theory]
    [InlineData("7E05", SdsShortReportType.MessageReceived, SdsDeliveryOutcome.Received)]
    [InlineData("7F05", SdsShortReportType.MessageConsumed, SdsDeliveryOutcome.Consumed)]
    [InlineData("7D05", SdsShortReportType.DestinationMemoryFull, SdsDeliveryOutcome.Failed)]
    public void Short_report_is_decoded(string hex, SdsShortReportType type, SdsDeliveryOutcome outcome)
    {
        var report = Assert.IsType<SdsShortReport>(SdsPduDecoder.DecodeHex(hex));
        Assert.Equal(type, report.Type);
        Assert.Equal(5, report.MessageReference);
        Assert.Equal(outcome, report.Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ZZ")]
    [InlineData("82")]
    [InlineData("8210")]
    [InlineData("821000")]
    [InlineData("820001")]
    [InlineData("8205070900")]
    [InlineData("8A000101")]
    [InlineData("8A00010105000301")]
    [InlineData("8200018112")]
    public void Truncated_or_invalid_input_is_malformed(string hex)
    {
        Assert.IsType<SdsMalformed>(SdsPduDecoder.DecodeHex(hex));
    }

    [Theory]
    [InlineData("0A0088BD4247F737FFE810")] // location information protocol
    [InlineData("82200001")] // SDS-ACK
    public void Other_protocols_and_types_are_unsupported_not_errors(string hex)
    {
        Assert.IsType<SdsUnsupported>(SdsPduDecoder.DecodeHex(hex));
    }

    [Fact]
    public void Too_long_hex_is_rejected()
    {
        Assert.IsType<SdsMalformed>(SdsPduDecoder.DecodeHex(new string('A', SdsPduDecoder.MaxHexChars + 2)));
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(1234);
        var buffer = new byte[300];
        const string alphabet = "0123456789ABCDEFabcdefXYZ ,+-\u706B";
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0)
            {
                buffer[0] = (byte)(random.Next(2) == 0 ? 0x82 : 0x8A);
            }

            var pdu = SdsPduDecoder.Decode(buffer.AsSpan(0, length));
            Assert.NotNull(pdu);

            var chars = new char[random.Next(40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            Assert.NotNull(SdsPduDecoder.DecodeHex(chars, random.Next(-5, 400)));
        }
    }
}
