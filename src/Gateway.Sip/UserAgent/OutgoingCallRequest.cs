using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>What an outgoing INVITE needs: where, over what, who from/to, and our offer.</summary>
public sealed record OutgoingCallRequest(SipUri Target, IPEndPoint Destination, SipTransportProtocol Protocol, string FromUser, string FromHost, SdpSession Offer)
{
    public string? FromDisplayName { get; init; }
    /// <summary>Extra header lines (e.g. P-Asserted-Identity passed on from the trunk).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
}
