using System.Net;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Registrar;
using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Security.RateLimiting;
using Gateway.Sip.Transport;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security;

public sealed class InboundRequestGateTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly InboundPolicyOptions _policy = new() { InvitesPerSecond = 2, InviteBurst = 5 };
    private readonly SipRegistrar _registrar;
    private readonly DigestAuthenticator _phones;
    private readonly InboundRequestGate _gate;
    private readonly DigestNonceService _nonces;

    public InboundRequestGateTests()
    {
        _nonces = new DigestNonceService(TimeSpan.FromMinutes(5), _time);
        _phones = new DigestAuthenticator("gateway", new InMemoryCredentialStore([new("2001", "s3cret")]), _nonces);
        _registrar = new SipRegistrar(new RegistrarOptions(), _phones, _time);
        var trunks = new TrunkDirectory([
            new TrunkPeer(new SipTrunkOptions { Name = "carrier", Sources = ["198.51.100.0/28", "2001:db8:10::/48"], InvitesPerSecond = 50, InviteBurst = 100 }, _nonces),
            new TrunkPeer(new SipTrunkOptions { Name = "secure", Sources = ["192.0.2.200"], InboundAuth = new TrunkDigestOptions { Username = "carrier2", Password = "pw" } }, _nonces),
        ]);
        _gate = new InboundRequestGate(_policy, trunks, _registrar, _phones, new InviteRateLimiter(new RateLimit(_policy.InvitesPerSecond, _policy.InviteBurst), _time));
    }

    public void Dispose() => _registrar.Dispose();

    [Fact]
    public void Unknown_source_gets_403_by_default()
    {
        var decision = _gate.Evaluate(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger);
        Assert.Equal(GateVerdict.Reject, decision.Verdict);
        Assert.Equal(403, decision.Response!.StatusCode);
        Assert.Equal(RequestOriginKind.Unknown, decision.Origin.Kind);
    }

    [Fact]
    public void Unknown_source_is_dropped_when_configured()
    {
        _policy.UnknownSource = RefusalAction.Drop;
        var decision = _gate.Evaluate(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger);
        Assert.Equal(GateVerdict.Drop, decision.Verdict);
        Assert.Null(decision.Response);
    }

    [Theory]
    [InlineData("198.51.100.7")]
    [InlineData("198.51.100.15")]
    [InlineData("2001:db8:10:ffff::1")]
    [InlineData("::ffff:198.51.100.1")]
    public void Trunk_sources_are_allowed_and_named(string address)
    {
        var source = new IPEndPoint(IPAddress.Parse(address), 5060);
        var decision = _gate.Evaluate(EdgeMessages.Invite(source), source);
        Assert.Equal(GateVerdict.Allow, decision.Verdict);
        Assert.Equal("carrier", decision.Origin.Trunk!.Name);
        Assert.True(decision.Origin.IsTrustedForIdentity);
    }

    [Fact]
    public void Address_just_outside_the_trunk_block_is_refused()
    {
        var source = new IPEndPoint(IPAddress.Parse("198.51.100.16"), 5060);
        Assert.Equal(GateVerdict.Reject, _gate.Evaluate(EdgeMessages.Invite(source), source).Verdict);
    }

    [Fact]
    public void Register_from_anywhere_goes_to_the_registrar()
    {
        var decision = _gate.Evaluate(EdgeMessages.Register("2001", "<sip:2001@10.0.0.21>"), EdgeMessages.Stranger);
        Assert.Equal(GateVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public void Registered_phone_is_challenged_with_407_and_allowed_once_authenticated()
    {
        RegisterPhone();
        var invite = EdgeMessages.Invite(EdgeMessages.Phone);
        var challenge = _gate.Evaluate(invite, EdgeMessages.Phone);
        Assert.Equal(GateVerdict.Challenge, challenge.Verdict);
        Assert.Equal(407, challenge.Response!.StatusCode);
        Assert.Equal(["Proxy-Authenticate", "Proxy-Authenticate"], challenge.ExtraHeaders.Select(h => h.Name));

        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(invite, EdgeMessages.OnWire(challenge.Response))!;
        var decision = _gate.Evaluate(retry, EdgeMessages.Phone);
        Assert.Equal(GateVerdict.Allow, decision.Verdict);
        Assert.Equal(new RequestOrigin(RequestOriginKind.Phone, PhoneUser: "2001"), decision.Origin);
        Assert.Equal("2001", decision.PeerName);
    }

    [Fact]
    public void In_dialog_request_from_registered_phone_passes_without_digest()
    {
        RegisterPhone();
        var bye = EdgeMessages.Invite(EdgeMessages.Phone, toTag: "gw1");
        Assert.Equal(GateVerdict.Allow, _gate.Evaluate(bye, EdgeMessages.Phone).Verdict);
    }

    [Fact]
    public void Phone_user_authenticating_from_unregistered_address_is_allowed_but_bad_password_is_refused()
    {
        var source = new IPEndPoint(IPAddress.Parse("10.9.9.9"), 5060);
        var invite = EdgeMessages.Invite(source);
        var challenge = EdgeMessages.OnWire(_phones.CreateChallengeResponse(invite, ChallengeKind.Proxy, false, "t"));
        var good = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(invite, challenge)!;
        Assert.Equal(GateVerdict.Allow, _gate.Evaluate(good, source).Verdict);
        var bad = new DigestClient(new DigestAccount("2001", "nope")).CreateAuthenticatedRequest(invite, challenge)!;
        Assert.Equal(GateVerdict.Reject, _gate.Evaluate(bad, source).Verdict);
    }

    [Fact]
    public void In_dialog_request_from_a_digest_trunk_passes_unless_in_dialog_challenges_are_configured()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.200"), 5060);
        var bye = EdgeMessages.Invite(source, toTag: "gw1");
        var decision = _gate.Evaluate(bye, source);
        Assert.Equal((GateVerdict.Allow, "secure"), (decision.Verdict, decision.PeerName));

        _policy.ChallengeInDialogRequests = true;
        Assert.Equal(GateVerdict.Challenge, _gate.Evaluate(EdgeMessages.Invite(source, toTag: "gw1"), source).Verdict);
    }

    [Fact]
    public void Trunk_with_inbound_digest_is_challenged_with_401_then_allowed()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.200"), 5060);
        var invite = EdgeMessages.Invite(source);
        var challenge = _gate.Evaluate(invite, source);
        Assert.Equal(401, challenge.Response!.StatusCode);
        Assert.Contains("realm=\"secure\"", challenge.Response.Headers.GetFirstText(SipHeaderId.WwwAuthenticate));

        var retry = new DigestClient(new DigestAccount("carrier2", "pw")).CreateAuthenticatedRequest(invite, EdgeMessages.OnWire(challenge.Response))!;
        var decision = _gate.Evaluate(retry, source);
        Assert.Equal(GateVerdict.Allow, decision.Verdict);
        Assert.Equal("secure", decision.Origin.Trunk!.Name);
    }

    [Fact]
    public void Flood_from_one_source_is_limited_while_every_trunk_invite_passes()
    {
        var trunkSource = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5060);
        var flooder = new IPEndPoint(IPAddress.Parse("10.0.0.99"), 5060);
        RegisterPhone(flooder);
        var limited = 0;
        var trunkAllowed = 0;
        // 10 s of 100 INVITEs/s from the flooder interleaved with 20/s from the trunk (below its 50/s budget).
        for (var tick = 0; tick < 1000; tick++)
        {
            var decision = _gate.Evaluate(EdgeMessages.Invite(flooder), flooder);
            if (decision.Verdict == GateVerdict.RateLimited)
            {
                limited++;
                Assert.Equal(503, decision.Response!.StatusCode);
                Assert.Equal("Retry-After", Assert.Single(decision.ExtraHeaders).Name);
                Assert.True(int.Parse(decision.Response.Headers.GetFirstText(SipHeaderId.RetryAfter)!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
            if (tick % 5 == 0 && _gate.Evaluate(EdgeMessages.Invite(trunkSource), trunkSource).IsAllowed) trunkAllowed++;
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Equal(200, trunkAllowed);
        // Burst 5 + 2/s over ~10 s ≈ 25 passed; the rest (975) limited.
        Assert.InRange(limited, 970, 980);
    }

    [Fact]
    public void Rate_limited_invites_are_dropped_when_configured()
    {
        _policy.RateLimited = RefusalAction.Drop;
        for (var i = 0; i < 5; i++) _gate.Evaluate(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger);
        var decision = _gate.Evaluate(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger);
        Assert.Equal(GateVerdict.Drop, decision.Verdict);
        Assert.Null(decision.Response);
    }

    [Fact]
    public void Admit_answers_through_the_server_transaction_and_drops_silently()
    {
        using var layer = new Gateway.Sip.Transaction.SipTransactionLayer(_time) { SendTryingForInvite = false };
        var udp = new Gateway.Sip.Tests.Transaction.FakeTransport();
        layer.Attach(udp);
        var admitted = new List<GateDecision>();
        layer.RequestReceived += transaction =>
        {
            if (_gate.Admit(transaction, out var decision)) admitted.Add(decision);
        };

        udp.Receive(EdgeMessages.Invite(EdgeMessages.Stranger).ToString(), EdgeMessages.Stranger);
        Assert.Equal(403, Assert.Single(udp.SentResponses).StatusCode);
        Assert.Equal(EdgeMessages.Stranger, udp.LastDestination);

        _policy.UnknownSource = RefusalAction.Drop;
        udp.Receive(EdgeMessages.Invite(EdgeMessages.Stranger).ToString(), EdgeMessages.Stranger);
        Assert.Single(udp.SentResponses);

        udp.Receive(EdgeMessages.Invite(EdgeMessages.Trunk).ToString(), EdgeMessages.Trunk);
        Assert.Equal("carrier", Assert.Single(admitted).Origin.Trunk!.Name);
        Assert.Single(udp.SentResponses);
    }

    private void RegisterPhone(IPEndPoint? from = null)
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var challenge = EdgeMessages.OnWire(_registrar.Process(register, from ?? EdgeMessages.Phone, SipTransportProtocol.Udp));
        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(register, challenge)!;
        Assert.Equal(200, _registrar.Process(retry, from ?? EdgeMessages.Phone, SipTransportProtocol.Udp).StatusCode);
    }
}
