using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Tests.Media.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void Written_header_parses_back_with_every_field()
    {
        var buffer = new byte[200];
        var header = new RtpHeader(PayloadType: 8, Marker: true, SequenceNumber: 0xFFFE, Timestamp: 0xFFFFFF00, Ssrc: 0xDEADBEEF);
        uint[] csrcs = [1, 0xCAFEBABE];
        int headerLength = header.Write(buffer, csrcs);
        byte[] payload = [1, 2, 3, 4, 5];
        payload.CopyTo(buffer, headerLength);

        Assert.Equal(12 + 8, headerLength);
        Assert.Equal(RtpParseError.None, RtpPacket.TryParse(buffer.AsSpan(0, headerLength + payload.Length), out var packet));
        Assert.Equal(header, packet.Header);
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0xCAFEBABEu, packet.GetCsrc(1));
        Assert.False(packet.HasExtension);
        Assert.False(packet.HasPadding);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Extension_and_padding_are_stripped_from_the_payload()
    {
        byte[] datagram =
        [
            0xB0, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 7,    // V=2 P=1 X=1, PT 0, seq 1, ts 160, ssrc 7
            0xBE, 0xDE, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,      // one-word extension
            0xAA, 0xBB,                                          // payload
            0x00, 0x00, 0x03,                                    // 3 bytes of padding
        ];

        Assert.Equal(RtpParseError.None, RtpPacket.TryParse(datagram, out var packet));
        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44 }, packet.ExtensionData.ToArray());
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, packet.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0 }, RtpParseError.TooShort)]
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, RtpParseError.BadVersion)]
    [InlineData(new byte[] { 0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, RtpParseError.CsrcListTruncated)]
    [InlineData(new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 5 }, RtpParseError.ExtensionTruncated)]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0x09 }, RtpParseError.BadPadding)]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0x00 }, RtpParseError.BadPadding)]
    public void Malformed_datagrams_get_typed_errors(byte[] datagram, RtpParseError expected)
    {
        Assert.Equal(expected, RtpPacket.TryParse(datagram, out _));
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(42);
        var buffer = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet) == RtpParseError.None)
            {
                Assert.True(packet.HeaderLength + packet.PayloadLength + packet.PaddingLength == length);
            }
        }
    }

    [Fact]
    public void Editor_rewrites_fields_in_place()
    {
        var buffer = new byte[20];
        new RtpHeader(0, false, 1, 2, 3).Write(buffer);
        RtpPacketEditor.SetSequenceNumber(buffer, 65535);
        RtpPacketEditor.SetTimestamp(buffer, uint.MaxValue);
        RtpPacketEditor.SetSsrc(buffer, 99);
        RtpPacketEditor.SetMarker(buffer, true);
        RtpPacketEditor.SetPayloadType(buffer, 101);

        RtpPacket.TryParse(buffer, out var packet);
        Assert.Equal(new RtpHeader(101, true, 65535, uint.MaxValue, 99), packet.Header);
    }
}
