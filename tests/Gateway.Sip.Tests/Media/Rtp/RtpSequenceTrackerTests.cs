using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Tests.Media.Rtp;

public class RtpSequenceTrackerTests
{
    [Fact]
    public void Sequence_wrap_extends_the_highest_sequence()
    {
        var tracker = new RtpSequenceTracker();
        for (int i = 0; i < 20; i++) tracker.Update((ushort)(65530 + i));

        Assert.Equal(65536 + 13, tracker.ExtendedHighestSequence);
        Assert.Equal(0, tracker.CumulativeLost);
    }

    [Fact]
    public void Gaps_count_as_loss_and_late_packets_fill_them()
    {
        var tracker = new RtpSequenceTracker();
        foreach (ushort sequence in new ushort[] { 100, 101, 102, 105, 106 }) tracker.Update(sequence);
        Assert.Equal(2, tracker.CumulativeLost);

        tracker.Update(103);
        Assert.Equal(1, tracker.CumulativeLost);
    }

    [Fact]
    public void Fraction_lost_covers_the_interval_since_the_previous_report()
    {
        var tracker = new RtpSequenceTracker();
        for (int i = 0; i <= 100; i++)
        {
            if (i % 4 != 3) tracker.Update((ushort)i);    // lose every fourth packet
        }

        // Probation took packet 0; counted from 1..100 minus losses at 3,7,...,99 (25 packets).
        Assert.Equal(25, tracker.CumulativeLost);
        Assert.Equal(64, tracker.TakeFractionLost());       // 25/100 × 256
        Assert.Equal(0, tracker.TakeFractionLost());
    }

    [Fact]
    public void A_large_jump_is_accepted_only_when_confirmed_by_the_next_packet()
    {
        var tracker = new RtpSequenceTracker();
        for (int i = 0; i < 10; i++) tracker.Update((ushort)i);

        Assert.Equal(SequenceVerdict.Discarded, tracker.Update(40000));
        Assert.Equal(SequenceVerdict.Restarted, tracker.Update(40001));
        Assert.Equal(40001, tracker.ExtendedHighestSequence);
        Assert.Equal(0, tracker.CumulativeLost);
    }
}
