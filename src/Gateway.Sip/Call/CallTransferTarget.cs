using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Call;

/// <summary>Where a transferred call goes: the routed target of the Refer-To number (RFC 3515 blind transfer).</summary>
public sealed record CallTransferTarget(SipUri Target, IPEndPoint Destination, SipTransportProtocol Protocol);
