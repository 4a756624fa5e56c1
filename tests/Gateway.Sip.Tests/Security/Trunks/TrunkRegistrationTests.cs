using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Tests.Transaction;
using Gateway.Sip.Transaction;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security.Trunks;

public sealed class TrunkRegistrationTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTransport _udp = new();
    private readonly SipTransactionLayer _layer;
    private readonly TrunkRegistration _registration;
    private readonly List<TrunkRegistrationState> _states = [];

    public TrunkRegistrationTests()
    {
        _layer = new SipTransactionLayer(_time);
        _layer.Attach(_udp);
        var trunk = new TrunkPeer(new SipTrunkOptions
        {
            Name = "carrier",
            Sources = ["192.0.2.10"],
            Host = "192.0.2.10",
            OutboundAuth = new TrunkDigestOptions { Username = "gw110", Password = "pw" },
            Registration = new TrunkRegistrationOptions { User = "gw110", Domain = "ims.example.net", ExpiresSeconds = 600, RetryMinSeconds = 5, RetryMaxSeconds = 20 },
        }, new DigestNonceService(TimeSpan.FromMinutes(5), _time));
        _registration = new TrunkRegistration(trunk, _layer, _udp, timeProvider: _time);
        _registration.StateChanged += (_, state) => _states.Add(state);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _layer.Dispose();
    }

    private List<SipRequest> Registers => _udp.SentRequests.Where(r => r.Method == SipMethods.Register).DistinctBy(r => r.TopVia!.Branch).ToList();

    private void Answer(int code, string reason, params (SipHeaderId, string)[] headers) =>
        _udp.Receive(Security.EdgeMessages.ResponseText(Registers[^1], code, reason, headers));

    private void AdvanceSeconds(double seconds)
    {
        for (var i = 0; i < (int)(seconds * 10); i++) _time.Advance(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Registers_then_refreshes_sixty_seconds_before_expiry()
    {
        _registration.Start();
        var first = Assert.Single(Registers);
        Assert.Equal("sip:ims.example.net", first.RequestUri!.ToString());
        Assert.Equal("sip:gw110@ims.example.net", first.To!.Uri.ToString());
        Assert.Equal("600", first.Headers.GetFirstText(SipHeaderId.Expires));
        Assert.Equal("<sip:gw110@192.0.2.1:5060>", first.Headers.GetFirstText(SipHeaderId.Contact));

        Answer(200, "OK", (SipHeaderId.Contact, "<sip:gw110@192.0.2.1:5060>;expires=300"));
        Assert.Equal(TrunkRegistrationState.Registered, _registration.State);
        Assert.Equal(_time.GetUtcNow().AddSeconds(300), _registration.ExpiresAt);
        Assert.Equal(_time.GetUtcNow().AddSeconds(240), _registration.NextAttemptAt);

        AdvanceSeconds(239.9);
        Assert.Single(Registers);
        AdvanceSeconds(0.1);
        var refresh = Registers[^1];
        Assert.Equal(2, Registers.Count);
        Assert.Equal(first.CallId, refresh.CallId);
        Assert.Equal(2, refresh.CSeq!.Value.Number);
        Assert.Equal(first.From!.Tag, refresh.From!.Tag);
    }

    [Fact]
    public void Answers_the_challenge_with_sha256_and_registers()
    {
        var authenticator = new DigestAuthenticator("ims.example.net", new InMemoryCredentialStore([new("gw110", "pw")]), new DigestNonceService(TimeSpan.FromMinutes(5), _time));
        _registration.Start();
        var challenge = authenticator.CreateChallengeResponse(Registers[^1], ChallengeKind.Www, false, "peer");
        _udp.Receive(challenge.ToString());

        Assert.Equal(2, Registers.Count);
        var retry = Registers[^1];
        Assert.Contains("algorithm=SHA-256", retry.Headers.GetFirstText(SipHeaderId.Authorization));
        Assert.True(authenticator.Verify(retry, ChallengeKind.Www).IsAccepted);
        Assert.Equal(2, retry.CSeq!.Value.Number);

        Answer(200, "OK", (SipHeaderId.Expires, "600"));
        Assert.Equal(TrunkRegistrationState.Registered, _registration.State);
        Assert.Equal(_time.GetUtcNow().AddSeconds(540), _registration.NextAttemptAt);

        // The refresh continues the CSeq after the authenticated retry.
        AdvanceSeconds(540);
        Assert.Equal(3, Registers[^1].CSeq!.Value.Number);
    }

    [Fact]
    public void Gives_up_on_repeated_challenges_and_retries_later()
    {
        var authenticator = new DigestAuthenticator("ims.example.net", new InMemoryCredentialStore([new("gw110", "other")]), new DigestNonceService(TimeSpan.FromMinutes(5), _time));
        _registration.Start();
        for (var i = 0; i < 3; i++) _udp.Receive(authenticator.CreateChallengeResponse(Registers[^1], ChallengeKind.Www, false, "peer").ToString());
        Assert.Equal(3, Registers.Count);
        Assert.Equal(TrunkRegistrationState.Failed, _registration.State);
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), _registration.NextAttemptAt);
    }

    [Fact]
    public void Re_registers_after_failure_with_exponential_backoff_capped()
    {
        _registration.Start();
        Answer(503, "Service Unavailable");
        Assert.Equal(TrunkRegistrationState.Failed, _registration.State);
        var failedAt = _time.GetUtcNow();
        Assert.Equal(failedAt.AddSeconds(5), _registration.NextAttemptAt);

        AdvanceSeconds(5);
        Assert.Equal(2, Registers.Count);
        Answer(500, "Server Internal Error");
        Assert.Equal(_time.GetUtcNow().AddSeconds(10), _registration.NextAttemptAt);

        AdvanceSeconds(10);
        Assert.Equal(3, Registers.Count);
        // No answer at all: timer F (32 s) ends the transaction, then the capped 20 s backoff.
        AdvanceSeconds(32);
        Assert.Equal(TrunkRegistrationState.Failed, _registration.State);
        Assert.Equal(_time.GetUtcNow().AddSeconds(20), _registration.NextAttemptAt);

        AdvanceSeconds(20);
        Assert.Equal(4, Registers.Count);
        Answer(200, "OK", (SipHeaderId.Expires, "600"));
        Assert.Equal(TrunkRegistrationState.Registered, _registration.State);
        Assert.Equal(5, _registration.RetryDelay(1).TotalSeconds);
        Assert.Equal([TrunkRegistrationState.Registering, TrunkRegistrationState.Failed, TrunkRegistrationState.Registering, TrunkRegistrationState.Failed,
            TrunkRegistrationState.Registering, TrunkRegistrationState.Failed, TrunkRegistrationState.Registering, TrunkRegistrationState.Registered], _states);
    }

    [Fact]
    public void Interval_too_brief_is_retried_with_min_expires()
    {
        _registration.Start();
        Answer(423, "Interval Too Brief", (SipHeaderId.MinExpires, "1200"));
        Assert.Equal(2, Registers.Count);
        Assert.Equal("1200", Registers[^1].Headers.GetFirstText(SipHeaderId.Expires));
    }

    [Fact]
    public void Refresh_delay_rule()
    {
        Assert.Equal(TimeSpan.FromSeconds(3540), TrunkRegistration.RefreshDelay(3600));
        Assert.Equal(TimeSpan.FromSeconds(60), TrunkRegistration.RefreshDelay(120));
        Assert.Equal(TimeSpan.FromSeconds(30), TrunkRegistration.RefreshDelay(60));
    }
}
