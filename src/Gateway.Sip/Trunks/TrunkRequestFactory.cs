using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Trunks;

/// <summary>Out-of-dialog requests the gateway itself sends to a trunk (REGISTER, OPTIONS).</summary>
internal static class TrunkRequestFactory
{
    public static SipRequest Create(string method, SipUri requestUri, SipUri fromUri, SipUri toUri, string fromTag, string callId, long cseq,
        ISipTransport transport, IPEndPoint local)
    {
        var headers = new SipHeaderCollection(10);
        headers.Add(SipHeaderId.Via, $"SIP/2.0/{TransportToken(transport.Protocol)} {HostText(local.Address)}:{local.Port.ToString(CultureInfo.InvariantCulture)};branch={SipBranch.New()};rport");
        headers.Add(SipHeaderId.MaxForwards, "70");
        headers.Add(SipHeaderId.From, $"<{fromUri}>;tag={fromTag}");
        headers.Add(SipHeaderId.To, $"<{toUri}>");
        headers.Add(SipHeaderId.CallId, callId);
        headers.Add(SipHeaderId.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
        var request = new SipRequest(method, requestUri, headers);
        request.SetBody(ReadOnlyMemory<byte>.Empty);
        return request;
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string HostText(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static string TransportToken(SipTransportProtocol protocol) => protocol switch
    {
        SipTransportProtocol.Tcp => "TCP",
        SipTransportProtocol.Tls => "TLS",
        _ => "UDP",
    };
}
