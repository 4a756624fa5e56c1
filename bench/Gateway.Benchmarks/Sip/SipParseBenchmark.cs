using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Message;

namespace Gateway.Benchmarks.Sip;

/// <summary>Parse and serialize a typical carrier trunk INVITE with SDP (issue 3 target: ≤ 2 µs, nothing beyond the message).</summary>
[MemoryDiagnoser, MinColumn, MaxColumn]
public class SipParseBenchmark
{
    private const string Invite =
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

    private readonly byte[] _input = Encoding.ASCII.GetBytes(Invite);
    private readonly byte[] _output = new byte[2048];
    private readonly SipMessageParser _parser = new();
    private SipMessage _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = _parser.Parse(_input, SipFraming.Datagram).Message!;

    [Benchmark]
    public SipMessage? Parse() => _parser.Parse(_input, SipFraming.Datagram).Message;

    [Benchmark]
    public int Serialize() => SipMessageSerializer.Write(_parsed, _output);

    [Benchmark]
    public int ParseAndSerialize()
    {
        var message = _parser.Parse(_input, SipFraming.Datagram).Message!;
        return SipMessageSerializer.Write(message, _output);
    }

    /// <summary>Parse plus the fields transaction matching reads (top Via, CSeq, Call-ID): allocates the typed values.</summary>
    [Benchmark]
    public int ParseAndReadTransactionKey()
    {
        var message = _parser.Parse(_input, SipFraming.Datagram).Message!;
        return message.TopVia!.Branch!.Length + (int)message.CSeq!.Value.Number + message.CallId!.Length;
    }
}
