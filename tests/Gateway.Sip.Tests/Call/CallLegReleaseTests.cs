using System.Net;
using Gateway.Sip.Call;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Call;

/// <summary>Releasing a leg: digits the API accepted but that never went out are in the record as not sent.</summary>
public sealed class CallLegReleaseTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 0, 40, 0, TimeSpan.Zero));

    private RtpEndpoint OpenLeg()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        return RtpEndpoint.Open(new RtpPortAllocator(start, start + 50), options, new MediaMetrics(), _time, NullLogger<RtpEndpoint>.Instance);
    }

    private static CallRecord NewRecord() => new() { Id = "c1", CallId = "x@y", Caller = "sip:a@b", Called = "110", Started = DateTimeOffset.UnixEpoch };

    [Fact]
    public async Task Digits_still_queued_when_the_leg_is_released_are_recorded_as_not_sent_and_the_leg_takes_no_more()
    {
        var record = NewRecord();
        var transmitter = new DtmfTransmitter(101, TimeSpan.FromMilliseconds(100));
        record.DigitSenders.Attach("callee", transmitter);
        Assert.Equal(DigitSendOutcome.Queued, record.DigitSenders.TrySend("callee", "12#", TimeSpan.FromMilliseconds(250)));

        _time.Advance(TimeSpan.FromSeconds(3));
        await record.ReleaseLegAsync("callee", OpenLeg());

        Assert.Equal(["1", "2", "#"], record.Digits.Select(d => d.Digit));
        Assert.All(record.Digits, d =>
        {
            Assert.Equal(CallDigit.NotSent, d.Direction);
            Assert.Equal("callee", d.Leg);
            Assert.Equal(250, d.DurationMs);
            Assert.Equal(_time.GetUtcNow(), d.At);
        });
        Assert.Equal("", record.DigitString());
        Assert.False(transmitter.HasWork);
        Assert.Equal(DigitSendOutcome.NoSuchLeg, record.DigitSenders.TrySend("callee", "3", TimeSpan.FromMilliseconds(100)));
        Assert.Single(record.Media);
    }

    [Fact]
    public async Task A_leg_with_nothing_queued_adds_no_digits()
    {
        var record = NewRecord();
        record.DigitSenders.Attach("caller", new DtmfTransmitter(101, TimeSpan.FromMilliseconds(100)));
        await record.ReleaseLegAsync("caller", OpenLeg());
        Assert.Empty(record.Digits);
        Assert.Single(record.Media);
    }
}
