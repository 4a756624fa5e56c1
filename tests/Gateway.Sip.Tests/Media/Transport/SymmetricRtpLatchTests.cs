using System.Net;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Media.Transport;

/// <summary>Strict symmetric RTP in fake time: who may reach a live call, and when the latch may move.</summary>
public sealed class SymmetricRtpLatchTests
{
    private static readonly SocketAddress Phone = new IPEndPoint(IPAddress.Parse("10.0.0.5"), 40000).Serialize();
    private static readonly SocketAddress PhoneBehindNat = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61000).Serialize();
    private static readonly SocketAddress Rebound = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61002).Serialize();
    private static readonly SocketAddress Intruder = new IPEndPoint(IPAddress.Parse("198.51.100.66"), 5004).Serialize();

    private readonly FakeTimeProvider _time = new();

    private SymmetricRtpLatch NewLatch() => new(relatchAfterPackets: 2, relatchAfterSilence: TimeSpan.FromSeconds(1), _time);

    /// <summary>One packet every 20 ms from <paramref name="source"/>, <paramref name="count"/> times; the verdicts.</summary>
    private List<LatchVerdict> Talk(SymmetricRtpLatch latch, SocketAddress source, int count)
    {
        var verdicts = new List<LatchVerdict>();
        for (int i = 0; i < count; i++)
        {
            verdicts.Add(latch.Observe(source));
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        return verdicts;
    }

    [Fact]
    public void The_first_packet_latches_and_another_source_is_refused_while_the_far_end_talks()
    {
        var latch = NewLatch();
        Assert.Equal(LatchVerdict.Moved, latch.Observe(PhoneBehindNat));
        Assert.Equal(LatchVerdict.Accepted, latch.Observe(PhoneBehindNat));

        // An injected stream interleaved with the real one, even many packets in a row between two of the phone's.
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 10; i++) Assert.Equal(LatchVerdict.Refused, latch.Observe(Intruder));
            Assert.Equal([LatchVerdict.Accepted], Talk(latch, PhoneBehindNat, 1));
        }

        Assert.True(latch.IsLatchedTo(PhoneBehindNat));
    }

    [Fact]
    public void After_a_second_of_silence_a_new_source_takes_over_on_its_second_packet_in_a_row()
    {
        var latch = NewLatch();
        Talk(latch, PhoneBehindNat, 10);
        _time.Advance(TimeSpan.FromMilliseconds(979));   // the last packet was 20 ms ago: 999 ms of silence
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Rebound));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Rebound));   // still inside the second: counting starts afresh
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([LatchVerdict.Refused, LatchVerdict.Moved, LatchVerdict.Accepted], Talk(latch, Rebound, 3));
        Assert.True(latch.IsLatchedTo(Rebound));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(PhoneBehindNat));   // the old address is now the foreign one
    }

    [Fact]
    public void A_stray_packet_after_silence_does_not_move_the_latch_when_the_far_end_comes_back()
    {
        var latch = NewLatch();
        Talk(latch, PhoneBehindNat, 3);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Intruder));
        Assert.Equal(LatchVerdict.Accepted, latch.Observe(PhoneBehindNat));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Intruder));   // the phone spoke: the silence is over
        Assert.True(latch.IsLatchedTo(PhoneBehindNat));
    }

    [Fact]
    public void Before_the_signalled_far_end_sends_another_address_is_refused_and_the_signalled_one_latches_at_once()
    {
        var latch = NewLatch();
        latch.Signal(Phone);
        Assert.Equal([LatchVerdict.Refused, LatchVerdict.Refused, LatchVerdict.Refused], Talk(latch, Intruder, 3));   // RTP bleed
        Assert.Null(latch.Latched);
        Assert.Equal(LatchVerdict.Moved, latch.Observe(Phone));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Intruder));
        Assert.Equal(LatchVerdict.Accepted, latch.Observe(Phone));
    }

    [Fact]
    public void The_signalled_address_takes_the_latch_back_at_once_even_while_another_source_holds_it()
    {
        var latch = NewLatch();
        Assert.Equal(LatchVerdict.Moved, latch.Observe(PhoneBehindNat));   // nothing signalled yet: the first packet latches
        latch.Signal(Phone);
        Assert.Equal(LatchVerdict.Moved, latch.Observe(Phone));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(PhoneBehindNat));
    }

    [Fact]
    public void A_phone_behind_nat_whose_sdp_names_a_private_address_gets_in_after_a_second_of_the_signalled_address_saying_nothing()
    {
        var latch = NewLatch();
        latch.Signal(Phone);   // 10.0.0.5 in its SDP; its packets come from the NAT's public address
        var verdicts = Talk(latch, PhoneBehindNat, 53);
        // The first second (50 packets), and the first packet after it: the second one in a row moves the latch.
        Assert.All(verdicts.Take(51), v => Assert.Equal(LatchVerdict.Refused, v));
        Assert.Equal([LatchVerdict.Moved, LatchVerdict.Accepted], verdicts.Skip(51));
        Assert.True(latch.IsLatchedTo(PhoneBehindNat));
    }

    [Fact]
    public void A_new_signalled_address_starts_afresh_and_the_same_one_changes_nothing()
    {
        var latch = NewLatch();
        latch.Signal(Phone);
        Talk(latch, Phone, 5);
        latch.Signal(Phone);   // unhold re-INVITE with the same address
        Assert.True(latch.IsLatchedTo(Phone));
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Rebound));

        var moved = new IPEndPoint(IPAddress.Parse("10.0.0.9"), 40002).Serialize();
        latch.Signal(moved);   // the media moved to another phone
        Assert.Null(latch.Latched);
        Assert.Equal(LatchVerdict.Refused, latch.Observe(Phone));   // the old phone is not the far end any more
        Assert.Equal(LatchVerdict.Moved, latch.Observe(moved));
        Assert.Equal(LatchVerdict.Accepted, latch.Observe(moved));
    }
}
