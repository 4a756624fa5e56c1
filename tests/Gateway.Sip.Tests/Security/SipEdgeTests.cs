using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Tests.Transaction;
using Gateway.Sip.Transaction;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security;

public sealed class SipEdgeTests
{
    [Fact]
    public void Builds_everything_from_options_and_starts_trunk_clients()
    {
        var time = new FakeTimeProvider();
        using var edge = new SipEdge(new SipEdgeOptions
        {
            DigestAlgorithms = ["MD5"],
            Trunks = [new SipTrunkOptions { Name = "carrier", Sources = ["192.0.2.10"], Host = "192.0.2.10", KeepAlive = new TrunkKeepAliveOptions(), Registration = new TrunkRegistrationOptions { User = "gw" } }],
            Phones = [new SipPhoneUserOptions { Username = "2001", Password = "pw" }],
        }, time);
        using var layer = new SipTransactionLayer(time);
        var udp = new FakeTransport();
        layer.Attach(udp);

        edge.StartTrunkClients(layer, udp);

        Assert.Equal(["REGISTER", "OPTIONS"], udp.SentRequests.Select(r => r.Method));
        Assert.Equal(TrunkRegistrationState.Registering, Assert.Single(edge.Registrations).State);
        Assert.Single(edge.KeepAlives);
        var decision = edge.Gate.Evaluate(EdgeMessages.Invite(FakeTransport.Peer), FakeTransport.Peer);
        Assert.Equal(("carrier", GateVerdict.Allow), (decision.Origin.Trunk!.Name, decision.Verdict));
        Assert.Contains("algorithm=MD5", edge.PhoneAuthenticator.CreateChallenges(Gateway.Sip.Security.Digest.ChallengeKind.Www).Single().ValueText);
    }

    [Fact]
    public void Invalid_options_stop_construction_with_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new SipEdge(new SipEdgeOptions { DigestAlgorithms = ["SHA-1"] }));
        Assert.Contains("Gateway:Sip:DigestAlgorithms:0", error.Message, StringComparison.Ordinal);
    }
}
