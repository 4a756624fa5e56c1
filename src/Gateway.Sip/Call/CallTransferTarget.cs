using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Call;

/// <summary>Where a bridged leg goes, a route target resolved: the first far leg of a call, or the Refer-To number of a blind transfer (RFC 3515).</summary>
public sealed record CallTransferTarget(SipUri Target, IPEndPoint Destination, SipTransportProtocol Protocol);
