using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Security.Hooks;
using Gateway.Sip.Tests.Transaction;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security.Hooks;

/// <summary>The adapters that plug the SIP edge into the UA: gate, registrar handler and resolver, trunk challenge responder.</summary>
public sealed class SipEdgeHooksTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SipEdge _edge;

    public SipEdgeHooksTests()
    {
        _edge = new SipEdge(new SipEdgeOptions
        {
            DigestAlgorithms = ["MD5"],
            Trunks =
            [
                new SipTrunkOptions
                {
                    Name = "carrier", Sources = ["198.51.100.0/28"], Host = "192.0.2.10", Port = 5060,
                    OutboundAuth = new TrunkDigestOptions { Username = "gw110", Password = "trunk-secret" },
                },
            ],
            Phones = [new SipPhoneUserOptions { Username = "2001", Password = "s3cret" }],
            Inbound = new InboundPolicyOptions { InvitesPerSecond = 1, InviteBurst = 1 },
        }, _time);
    }

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void Gate_lets_a_trunk_in_as_trusted_and_names_it()
    {
        var decision = new SipEdgeRequestGate(_edge.Gate).Check(EdgeMessages.Invite(EdgeMessages.Trunk), EdgeMessages.Trunk, new FakeTransport());

        Assert.Equal((SipGateDecisionKind.Allow, "carrier", true), (decision.Kind, decision.Peer, decision.TrustedIdentity));
    }

    [Fact]
    public void Gate_refuses_a_stranger_with_403_then_rate_limits_it_with_503_and_retry_after()
    {
        var gate = new SipEdgeRequestGate(_edge.Gate);

        var first = gate.Check(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger, new FakeTransport());
        var second = gate.Check(EdgeMessages.Invite(EdgeMessages.Stranger), EdgeMessages.Stranger, new FakeTransport());

        Assert.Equal((SipGateDecisionKind.Reject, 403), (first.Kind, first.StatusCode));
        Assert.Equal((SipGateDecisionKind.Reject, 503), (second.Kind, second.StatusCode));
        Assert.Equal("Retry-After", Assert.Single(second.Headers).Name);
    }

    [Fact]
    public void Gate_challenges_a_registered_phone_with_407_carrying_the_challenge_header()
    {
        Register(EdgeMessages.Phone);

        var decision = new SipEdgeRequestGate(_edge.Gate).Check(EdgeMessages.Invite(EdgeMessages.Phone), EdgeMessages.Phone, new FakeTransport());

        Assert.Equal((SipGateDecisionKind.Reject, 407), (decision.Kind, decision.StatusCode));
        var (name, value) = Assert.Single(decision.Headers);
        Assert.Equal("Proxy-Authenticate", name);
        Assert.Contains("algorithm=MD5", value, StringComparison.Ordinal);
        Assert.False(decision.TrustedIdentity);
    }

    [Fact]
    public void Resolver_finds_the_registered_phone_at_the_address_it_registered_from()
    {
        var behindNat = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 61000);
        Register(behindNat);
        var resolver = new RegistrarContactResolver(_edge.Registrar);

        var binding = resolver.Resolve("2001");

        Assert.NotNull(binding);
        Assert.Equal(behindNat, binding.Destination);
        Assert.Equal("sip:2001@10.0.0.21:40123", binding.Contact.ToString());
        Assert.Null(resolver.Resolve("2002"));
    }

    [Fact]
    public void Register_handler_answers_through_the_registrar()
    {
        var layer = new SipTransactionLayer(_time);
        var udp = new FakeTransport();
        var agent = new SipUserAgent(layer, time: _time);
        agent.AddTransport(udp);
        agent.RegisterMethodHandler(SipMethods.Register, new RegistrarRequestHandler(_edge.Registrar));

        udp.Receive(EdgeMessages.Register("2001", "<sip:2001@192.0.2.10:5060>").ToString());

        var challenge = Assert.Single(udp.SentResponses);
        Assert.Equal(401, challenge.StatusCode);
        Assert.Contains("realm=\"gateway\"", challenge.Headers.GetFirstText(SipHeaderId.WwwAuthenticate));
    }

    [Fact]
    public void Outgoing_invite_challenged_by_the_trunk_is_retried_once_with_credentials_the_trunk_accepts()
    {
        var (agent, udp) = Agent();
        var trunkSide = new DigestAuthenticator("carrier.test", new InMemoryCredentialStore([new("gw110", "trunk-secret")]),
            new DigestNonceService(TimeSpan.FromMinutes(5), _time), [DigestAlgorithm.Md5]);
        SipResponse? answered = null;
        SipSessionEnd? failed = null;
        var session = agent.Call(new OutgoingCallRequest(SipUri.Sip("0574123", "192.0.2.10"), FakeTransport.Peer, SipTransportProtocol.Udp, "110", "192.0.2.1",
            agent.Negotiator.CreateOffer("192.0.2.1", 20000)), s =>
            {
                s.Answered += (_, response, _) => answered = response;
                s.Failed += (_, end) => failed = end;
            });
        var first = Assert.Single(udp.SentRequests, r => r.Method == SipMethods.Invite);

        udp.Receive(EdgeMessages.OnWire(trunkSide.CreateChallengeResponse(first, ChallengeKind.Www, stale: false, "trunk")).ToString());

        var invites = udp.SentRequests.Where(r => r.Method == SipMethods.Invite).ToList();
        Assert.Equal(2, invites.Count);
        var retry = invites[1];
        Assert.Equal(DigestOutcome.Accepted, trunkSide.Verify(retry, ChallengeKind.Www).Outcome);
        Assert.Equal((first.CallId, 2L), (retry.CallId, retry.CSeq!.Value.Number));
        Assert.Equal(2L, session.Invite.CSeq!.Value.Number);
        Assert.Null(failed);

        // A second challenge means the credentials are wrong: no loop, the call fails with it.
        udp.Receive(EdgeMessages.OnWire(trunkSide.CreateChallengeResponse(retry, ChallengeKind.Www, stale: false, "trunk")).ToString());
        Assert.Equal(2, udp.SentRequests.Count(r => r.Method == SipMethods.Invite));
        Assert.Equal(401, failed?.StatusCode);
        Assert.Null(answered);
    }

    [Fact]
    public void Challenge_from_a_destination_that_is_no_trunk_is_not_answered()
    {
        var responder = new TrunkChallengeResponder(_edge.Trunks);
        var invite = EdgeMessages.Invite(EdgeMessages.Stranger);
        var challenge = EdgeMessages.OnWire(_edge.PhoneAuthenticator.CreateChallengeResponse(invite, ChallengeKind.Proxy, false, "x"));

        Assert.Null(responder.CreateAuthenticatedRetry(invite, challenge, EdgeMessages.Stranger));
        Assert.NotNull(responder.CreateAuthenticatedRetry(invite, challenge, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060)));
        Assert.Null(responder.CreateAuthenticatedRetry(invite, challenge, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5070)));
    }

    private (SipUserAgent Agent, FakeTransport Udp) Agent()
    {
        var layer = new SipTransactionLayer(_time);
        var udp = new FakeTransport();
        var agent = new SipUserAgent(layer, time: _time) { ChallengeResponder = new TrunkChallengeResponder(_edge.Trunks) };
        agent.AddTransport(udp);
        return (agent, udp);
    }

    private void Register(IPEndPoint from)
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var challenge = EdgeMessages.OnWire(_edge.Registrar.Process(register, from, SipTransportProtocol.Udp));
        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(register, challenge)!;
        Assert.Equal(200, _edge.Registrar.Process(retry, from, SipTransportProtocol.Udp).StatusCode);
    }
}
