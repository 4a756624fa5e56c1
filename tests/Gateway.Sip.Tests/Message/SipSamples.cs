using System.Text;

namespace Gateway.Sip.Tests.Message;

internal static class SipSamples
{
    /// <summary>A typical carrier trunk INVITE with an SDP offer (PCMA, PCMU, telephone-event).</summary>
    public const string TrunkInvite =
        "INVITE sip:110@10.20.0.5:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.20.0.1:5060;branch=z9hG4bK-524287-1---8f3b2a1c9d;rport\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: \"13800138000\" <sip:13800138000@10.20.0.1;user=phone>;tag=as5f3c21a7\r\n" +
        "To: <sip:110@10.20.0.5;user=phone>\r\n" +
        "Call-ID: 7f3c5e2a1b9d4c8e@10.20.0.1\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Contact: <sip:13800138000@10.20.0.1:5060;transport=udp>\r\n" +
        "P-Asserted-Identity: <sip:13800138000@10.20.0.1;user=phone>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY\r\n" +
        "Supported: 100rel, timer, replaces\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "Min-SE: 90\r\n" +
        "User-Agent: CarrierSBC 5.1\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 232\r\n" +
        "\r\n" +
        TrunkSdp;

    public const string TrunkSdp =
        "v=0\r\n" +
        "o=- 1700000000 1700000000 IN IP4 10.20.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 10.20.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 30000 RTP/AVP 8 0 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-15\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    public static byte[] TrunkInviteBytes => Encoding.UTF8.GetBytes(TrunkInvite);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
