using System.Net;
using System.Text;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Tests.Security;

/// <summary>Requests and responses for the trunk/phone edge tests.</summary>
internal static class EdgeMessages
{
    public static readonly IPEndPoint Trunk = new(IPAddress.Parse("198.51.100.7"), 5060);
    public static readonly IPEndPoint Phone = new(IPAddress.Parse("10.0.0.21"), 40123);
    public static readonly IPEndPoint Stranger = new(IPAddress.Parse("203.0.113.66"), 5060);

    private static int _branch;

    public static SipRequest Invite(IPEndPoint from, string requestUri = "sip:110@192.0.2.1", string toTag = "", string extraHeaders = "") =>
        Parse(
            $"INVITE {requestUri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {from};branch=z9hG4bK{Interlocked.Increment(ref _branch)}\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Zhang San\" <sip:13800138000@example.net>;tag=f1\r\n" +
            $"To: <{requestUri}>{(toTag.Length > 0 ? ";tag=" + toTag : "")}\r\n" +
            $"Call-ID: c{_branch}@example.net\r\n" +
            "CSeq: 1 INVITE\r\n" +
            extraHeaders +
            "Content-Length: 0\r\n\r\n");

    public static SipRequest Register(string user, string contact, string extraHeaders = "", string callId = "reg-1@phone", int cseq = 1) =>
        Parse(
            $"REGISTER sip:192.0.2.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 10.0.0.21:40123;branch=z9hG4bK{Interlocked.Increment(ref _branch)}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:{user}@192.0.2.1>;tag=r1\r\n" +
            $"To: <sip:{user}@192.0.2.1>\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: {cseq} REGISTER\r\n" +
            (contact.Length > 0 ? $"Contact: {contact}\r\n" : "") +
            extraHeaders +
            "Content-Length: 0\r\n\r\n");

    public static SipRequest Parse(string text) =>
        (SipRequest)new SipMessageParser().Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram).Message!;

    /// <summary>Round-trips a response through the wire format, as a peer would receive it.</summary>
    public static SipResponse OnWire(SipResponse response) =>
        (SipResponse)new SipMessageParser().Parse(SipMessageSerializer.ToBytes(response), SipFraming.Datagram).Message!;

    public static string ResponseText(SipRequest request, int code, string reason, params (SipHeaderId Id, string Value)[] headers) =>
        SipResponseFactory.Create(request, code, reason, "peer", headers.Select(h => SipHeader.Create(h.Id, h.Value))).ToString();
}
