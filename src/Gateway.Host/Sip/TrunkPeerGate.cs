using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Host.Sip;

/// <summary>
/// The simple gate used until the security layer registers its own <see cref="ISipRequestGate"/>: requests from a
/// configured trunk peer's address pass (named after the peer); others get 403.
/// </summary>
internal sealed class TrunkPeerGate(IEnumerable<SipTrunkPeerOptions> peers) : ISipRequestGate
{
    private readonly Dictionary<IPAddress, string> _peers = peers.ToDictionary(p => IPAddress.Parse(p.Address), p => p.Name);

    public SipGateDecision Check(SipRequest request, IPEndPoint source, ISipTransport transport)
    {
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        return _peers.TryGetValue(address, out var name) ? SipGateDecision.AllowAs(name) : SipGateDecision.Reject(403, "Forbidden");
    }
}
