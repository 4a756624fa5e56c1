using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>A received message (or parse failure) with where it came from. The message owns its byte buffer.</summary>
public sealed record SipInboundMessage(SipParseResult Result, IPEndPoint Remote, ISipTransport Transport)
{
    public SipMessage? Message => Result.Message;
}
