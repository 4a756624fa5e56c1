using Gateway.Sip.Media.Rtcp;
using Gateway.Sip.Media.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Media.Rtp;

public class RtcpTests
{
    [Fact]
    public void Sender_report_and_sdes_compound_round_trips()
    {
        var buffer = new byte[256];
        var sender = new RtcpSenderInfo(0x0123456789ABCDEF, 160000, 1000, 160000);
        RtcpReportBlock[] blocks = [new(0x11223344, 64, -3, 70000, 37, 0xAABBCCDD, 65536)];
        int length = RtcpWriter.WriteSenderReport(buffer, 0xDEADBEEF, sender, blocks);
        length += RtcpWriter.WriteSourceDescription(buffer.AsSpan(length), 0xDEADBEEF, "leg-1@gateway");

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var report));
        Assert.Equal(RtcpPacketType.SenderReport, report.Type);
        Assert.Equal(0xDEADBEEFu, report.Ssrc);
        var parsedBlocks = new RtcpReportBlock[4];
        Assert.Equal(RtcpParseError.None, report.TryReadReport(out var parsedSender, parsedBlocks, out int count));
        Assert.Equal(sender, parsedSender);
        Assert.Equal(1, count);
        Assert.Equal(blocks[0], parsedBlocks[0]);

        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
        Assert.Equal(0, sdes.Bytes.Length % 4);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.None, reader.Error);
    }

    [Fact]
    public void Receiver_report_round_trips()
    {
        var buffer = new byte[64];
        RtcpReportBlock[] blocks = [new(5, 0, 0, 1, 2, 0, 0)];
        int length = RtcpWriter.WriteReceiverReport(buffer, 9, blocks);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.Equal(RtcpPacketType.ReceiverReport, packet.Type);
        var parsed = new RtcpReportBlock[1];
        Assert.Equal(RtcpParseError.None, packet.TryReadReport(out var sender, parsed, out _));
        Assert.Null(sender);
        Assert.Equal(blocks[0], parsed[0]);
    }

    [Fact]
    public void Length_beyond_the_datagram_is_a_typed_error()
    {
        byte[] datagram = [0x81, 201, 0x00, 0x20, 0, 0, 0, 1];
        var reader = new RtcpCompoundReader(datagram);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.LengthMismatch, reader.Error);
    }

    [Fact]
    public void Jitter_follows_rfc3550_a8_on_a_synthetic_arrival_sequence()
    {
        // 20 ms packets (160 units at 8 kHz); arrivals alternate 10 ms early / late around the ideal.
        var jitter = new InterarrivalJitter(8000);
        double expected = 0;
        for (int i = 0; i < 200; i++)
        {
            double arrivalMs = (i * 20) + (i % 2 == 0 ? 0 : 10);
            jitter.Add((uint)(i * 160), TimeSpan.FromMilliseconds(arrivalMs));
            if (i > 0) expected += (80 - expected) / 16;    // |D| = 10 ms = 80 units every packet
        }

        Assert.Equal((uint)expected, jitter.Jitter);
        Assert.InRange(jitter.Jitter, 79u, 80u);
        Assert.InRange(jitter.JitterTime.TotalMilliseconds, 9.8, 10.1);
    }

    [Fact]
    public void Jitter_is_zero_for_perfectly_paced_packets_across_timestamp_wrap()
    {
        var jitter = new InterarrivalJitter(8000);
        for (int i = 0; i < 50; i++) jitter.Add(unchecked(uint.MaxValue - 1000 + (uint)(i * 160)), TimeSpan.FromMilliseconds(i * 20));
        Assert.Equal(0u, jitter.Jitter);
    }

    [Fact]
    public void Round_trip_comes_from_lsr_and_dlsr()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ours = new RtpLegStatistics(time);
        var theirs = new RtpLegStatistics(time);

        // We send an SR at t0; it takes 30 ms to arrive, they hold it 200 ms, their RR takes 30 ms back.
        var sender = ours.BuildSenderInfo(0);
        time.Advance(TimeSpan.FromMilliseconds(30));
        theirs.RecordSenderReport(sender);
        time.Advance(TimeSpan.FromMilliseconds(200));
        var block = theirs.BuildReportBlock();
        time.Advance(TimeSpan.FromMilliseconds(30));
        ours.RecordReportBlock(block);

        var roundTrip = ours.Snapshot().RoundTrip;
        Assert.NotNull(roundTrip);
        Assert.InRange(roundTrip.Value.TotalMilliseconds, 59, 61);
    }

    [Fact]
    public void Leg_statistics_detect_ssrc_change_and_count_loss()
    {
        var time = new FakeTimeProvider();
        var statistics = new RtpLegStatistics(time);
        for (int i = 0; i < 10; i++)
        {
            if (i == 5) continue;
            Assert.False(statistics.RecordReceived(1, (ushort)(1000 + i), (uint)(i * 160), 160));
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(1, statistics.PacketsLost);
        Assert.True(statistics.RecordReceived(2, 7, 0, 160));
        var snapshot = statistics.Snapshot();
        Assert.Equal(1, snapshot.SsrcChanges);
        Assert.Equal(2u, snapshot.RemoteSsrc);
        Assert.Equal(10, snapshot.PacketsReceived);
    }

    [Fact]
    public void Random_garbage_never_throws_and_never_reads_past_the_datagram()
    {
        var random = new Random(3);
        var buffer = new byte[128];
        var blocks = new RtcpReportBlock[31];
        for (int i = 0; i < 20000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            if (i % 2 == 0 && length >= 4) buffer[0] = (byte)(0x80 | (buffer[0] & 0x1F));   // often a plausible version
            var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
            int total = 0;
            while (reader.TryReadNext(out var packet))
            {
                total += packet.Bytes.Length;
                _ = packet.Ssrc;
                packet.TryReadReport(out _, blocks, out int count);
                Assert.InRange(count, 0, 31);
            }

            Assert.InRange(total, 0, length);
        }
    }
}
