using Gateway.Sip.Message;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Tests.Transaction;
using Gateway.Sip.Transaction;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security.Trunks;

public sealed class OptionsKeepAliveTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeTransport _udp = new();
    private readonly SipTransactionLayer _layer;
    private readonly OptionsKeepAlive _keepAlive;
    private readonly List<(TrunkHealth Health, DateTimeOffset At)> _changes = [];

    public OptionsKeepAliveTests()
    {
        _layer = new SipTransactionLayer(_time);
        _layer.Attach(_udp);
        var trunk = new TrunkPeer(new SipTrunkOptions
        {
            Name = "carrier",
            Sources = ["192.0.2.10"],
            Host = "192.0.2.10",
            KeepAlive = new TrunkKeepAliveOptions { IntervalSeconds = 10, FailuresBeforeDown = 2 },
        }, new DigestNonceService(TimeSpan.FromMinutes(5), _time));
        _keepAlive = new OptionsKeepAlive(trunk, _layer, _udp, _time);
        _keepAlive.HealthChanged += (_, health) => _changes.Add((health, _time.GetUtcNow()));
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        _layer.Dispose();
    }

    private List<SipRequest> Probes => _udp.SentRequests.Where(r => r.Method == SipMethods.Options).DistinctBy(r => r.TopVia!.Branch).ToList();

    private void AnswerLatest(int code) => _udp.Receive(Security.EdgeMessages.ResponseText(Probes[^1], code, "Whatever"));

    private void AdvanceSeconds(int seconds)
    {
        for (var i = 0; i < seconds * 2; i++) _time.Advance(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Up_on_any_response_down_after_consecutive_silent_probes_and_up_again()
    {
        var start = _time.GetUtcNow();
        Assert.Equal(TrunkHealth.Unknown, _keepAlive.Health);
        _keepAlive.Start();
        Assert.Single(Probes);
        AnswerLatest(404);
        Assert.Equal(TrunkHealth.Up, _keepAlive.Health);

        // Probes at 10 s and 20 s go unanswered; each ends by timer F 32 s later: down at 52 s.
        AdvanceSeconds(51);
        Assert.Equal(TrunkHealth.Up, _keepAlive.Health);
        AdvanceSeconds(1);
        Assert.Equal(TrunkHealth.Down, _keepAlive.Health);
        Assert.Equal(6, Probes.Count);

        AdvanceSeconds(8);
        Assert.Equal(7, Probes.Count);
        AnswerLatest(200);
        Assert.Equal(TrunkHealth.Up, _keepAlive.Health);
        Assert.Equal([(TrunkHealth.Up, start), (TrunkHealth.Down, start.AddSeconds(52)), (TrunkHealth.Up, start.AddSeconds(60))], _changes);
    }

    [Fact]
    public void One_lost_probe_does_not_mark_the_trunk_down()
    {
        _keepAlive.Start();
        AnswerLatest(200);
        AdvanceSeconds(10);
        AdvanceSeconds(10);
        AnswerLatest(200);
        // The 10 s probe times out at 42 s: one failure, below the threshold of two.
        AdvanceSeconds(25);
        Assert.Equal(TrunkHealth.Up, _keepAlive.Health);
        Assert.Equal(TrunkHealth.Up, _changes.Single().Health);
    }

    [Fact]
    public void Transport_errors_count_as_failures()
    {
        _udp.FailSends = true;
        _keepAlive.Start();
        Assert.Equal(TrunkHealth.Unknown, _keepAlive.Health);
        AdvanceSeconds(10);
        Assert.Equal(TrunkHealth.Down, _keepAlive.Health);
    }
}
