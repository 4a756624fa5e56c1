using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Tests.Media.Relay;

public class RtpStreamRewriterTests
{
    private static byte[] Packet(uint ssrc, ushort sequence, uint timestamp, byte fill)
    {
        var packet = new byte[12 + 160];
        new RtpHeader(8, false, sequence, timestamp, ssrc).Write(packet);
        packet.AsSpan(12).Fill(fill);
        packet[12] = (byte)sequence;
        return packet;
    }

    [Fact]
    public void Payload_is_unchanged_and_stream_stays_continuous_across_ssrc_change()
    {
        var rewriter = new RtpStreamRewriter(outputSsrc: 0xABCDEF, initialSequence: 65530, initialTimestamp: 4294967000);
        var outputs = new List<RtpHeader>();

        var inputs = new List<byte[]>();
        for (int i = 0; i < 10; i++) inputs.Add(Packet(111, (ushort)(5000 + i), (uint)(90000 + (i * 160)), 0x11));
        for (int i = 0; i < 10; i++) inputs.Add(Packet(222, (ushort)(60 + i), (uint)(7 + (i * 160)), 0x22));   // new source

        foreach (var input in inputs)
        {
            byte[] payloadBefore = input.AsSpan(12).ToArray();
            rewriter.Rewrite(input);
            Assert.Equal(RtpParseError.None, RtpPacket.TryParse(input, out var packet));
            Assert.Equal(payloadBefore, packet.Payload.ToArray());
            outputs.Add(packet.Header);
        }

        Assert.All(outputs, h => Assert.Equal(0xABCDEFu, h.Ssrc));
        for (int i = 1; i < outputs.Count; i++)
        {
            Assert.Equal((ushort)(outputs[i - 1].SequenceNumber + 1), outputs[i].SequenceNumber);
            Assert.Equal(outputs[i - 1].Timestamp + 160, outputs[i].Timestamp);
        }

        Assert.Equal(65530, outputs[0].SequenceNumber);
        Assert.True(outputs[10].Marker);
        Assert.Equal(1, rewriter.SourceChanges);
    }

    [Fact]
    public void After_injected_packets_the_relayed_stream_continues_from_where_they_ended_with_the_marker()
    {
        var rewriter = new RtpStreamRewriter(outputSsrc: 7, initialSequence: 65534, initialTimestamp: 1000);
        for (int i = 0; i < 3; i++) rewriter.Rewrite(Packet(5, (ushort)(100 + i), (uint)(50_000 + i * 160), 0));
        Assert.Equal(((ushort)1, 1000u + 3 * 160), rewriter.ContinuationPoint);   // 65534, 65535, 0 went out

        // Someone wrote sequence 1..4 over 4 ticks; the source meanwhile sent packets 103..106 that were held back.
        rewriter.ResumeAt(5, 1000 + 7 * 160);
        var resumed = Packet(5, 107, 50_000 + 7 * 160, 0);
        var next = Packet(5, 108, 50_000 + 8 * 160, 0);
        Assert.False(rewriter.Rewrite(resumed));   // not a new source
        rewriter.Rewrite(next);

        RtpPacket.TryParse(resumed, out var first);
        RtpPacket.TryParse(next, out var second);
        Assert.Equal((5, 1000u + 7 * 160, true), (first.Header.SequenceNumber, first.Header.Timestamp, first.Header.Marker));
        Assert.Equal((6, 1000u + 8 * 160, false), (second.Header.SequenceNumber, second.Header.Timestamp, second.Header.Marker));
        Assert.Equal(0, rewriter.SourceChanges);
    }

    [Fact]
    public void Reordered_packet_keeps_its_relative_position()
    {
        var rewriter = new RtpStreamRewriter(1, 100, 0);
        byte[] first = Packet(5, 10, 1000, 0), third = Packet(5, 12, 1320, 0), second = Packet(5, 11, 1160, 0);
        rewriter.Rewrite(first);
        rewriter.Rewrite(third);
        rewriter.Rewrite(second);
        byte[] fourth = Packet(5, 13, 1480, 0);
        rewriter.Rewrite(fourth);

        RtpPacket.TryParse(second, out var late);
        RtpPacket.TryParse(fourth, out var next);
        Assert.Equal(101, late.SequenceNumber);
        Assert.Equal(160u, late.Timestamp);
        Assert.Equal(103, next.SequenceNumber);
    }

    [Fact]
    public void Rewriting_allocates_nothing_per_packet()
    {
        var rewriter = new RtpStreamRewriter(1, 0, 0);
        byte[] packet = Packet(9, 0, 0, 0x55);
        rewriter.Rewrite(packet);   // warm up (JIT, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 100_000; i++)
        {
            RtpPacketEditor.SetSequenceNumber(packet, (ushort)i);
            RtpPacketEditor.SetTimestamp(packet, (uint)(i * 160));
            RtpPacketEditor.SetSsrc(packet, i < 50_000 ? 9u : 10u);
            RtpPacket.TryParse(packet, out _);
            rewriter.Rewrite(packet);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
