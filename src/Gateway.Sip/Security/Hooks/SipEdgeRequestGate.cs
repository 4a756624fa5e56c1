using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Security.Hooks;

/// <summary>The UA's <see cref="ISipRequestGate"/> backed by the edge's <see cref="InboundRequestGate"/>; counts refusals.</summary>
public sealed class SipEdgeRequestGate(InboundRequestGate gate, SipEdgeMetrics? metrics = null) : ISipRequestGate
{
    public SipGateDecision Check(SipRequest request, IPEndPoint source, ISipTransport transport)
    {
        var decision = gate.Evaluate(request, source);
        if (decision.IsAllowed)
            return new SipGateDecision { Kind = SipGateDecisionKind.Allow, Peer = decision.PeerName, TrustedIdentity = decision.Origin.IsTrustedForIdentity };
        metrics?.Refused(decision);
        return decision.Response is { } response
            ? SipGateDecision.Reject(response.StatusCode, response.ReasonPhrase, [.. decision.ExtraHeaders])
            : SipGateDecision.Drop;
    }
}
