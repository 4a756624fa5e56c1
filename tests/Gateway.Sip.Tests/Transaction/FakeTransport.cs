using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transaction;

/// <summary>An in-memory transport: records what is sent, injects what is "received".</summary>
internal sealed class FakeTransport(bool reliable = false) : ISipTransport
{
    private readonly List<(SipMessage Message, IPEndPoint Destination)> _sent = [];

    public static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.10"), 5060);

    public SipTransportProtocol Protocol => reliable ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp;
    public bool IsReliable => reliable;
    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("192.0.2.1"), 5060);
    public bool FailSends { get; set; }

    public event Action<SipInboundMessage>? MessageReceived;

    public IReadOnlyList<SipMessage> Sent
    {
        get
        {
            lock (_sent) return _sent.Select(s => s.Message).ToList();
        }
    }

    public IReadOnlyList<SipResponse> SentResponses => Sent.OfType<SipResponse>().ToList();
    public IReadOnlyList<SipRequest> SentRequests => Sent.OfType<SipRequest>().ToList();

    public IPEndPoint LastDestination
    {
        get
        {
            lock (_sent) return _sent[^1].Destination;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        if (FailSends) return ValueTask.FromException(new SipTransportException("unreachable", destination));
        // Keep a serialized copy so later changes to the message cannot alter the record.
        var copy = new SipMessageParser().Parse(SipMessageSerializer.ToBytes(message), SipFraming.Datagram).Message!;
        lock (_sent) _sent.Add((copy, destination));
        return ValueTask.CompletedTask;
    }

    public void Receive(string text, IPEndPoint? from = null)
    {
        var result = new SipMessageParser().Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram);
        if (result.Message is SipRequest request) SipViaStamper.Stamp(request, from ?? Peer);
        MessageReceived?.Invoke(new SipInboundMessage(result, from ?? Peer, this));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal static class Messages
{
    public const string Branch = "z9hG4bKtx1";

    public static string Request(string method, string branch = Branch, string cseqMethod = "", string toTag = "", string via = "", string body = "") =>
        $"{method} sip:110@192.0.2.1 SIP/2.0\r\n" +
        (via.Length > 0 ? via : $"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch}") + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:13800138000@192.0.2.10>;tag=f1\r\n" +
        $"To: <sip:110@192.0.2.1>{(toTag.Length > 0 ? ";tag=" + toTag : "")}\r\n" +
        "Call-ID: call-1@192.0.2.10\r\n" +
        $"CSeq: 7 {(cseqMethod.Length > 0 ? cseqMethod : method)}\r\n" +
        "Contact: <sip:13800138000@192.0.2.10>\r\n" +
        $"Content-Length: {body.Length}\r\n\r\n" + body;

    public static SipRequest Parsed(string text) => (SipRequest)new SipMessageParser().Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram).Message!;

    public static string Response(int code, string reason, string method, string branch = Branch, string toTag = "") =>
        $"SIP/2.0 {code} {reason}\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.1:5060;branch={branch}\r\n" +
        "From: <sip:110@192.0.2.1>;tag=gw\r\n" +
        $"To: <sip:12345@192.0.2.10>{(toTag.Length > 0 ? ";tag=" + toTag : "")}\r\n" +
        "Call-ID: out-1@192.0.2.1\r\n" +
        $"CSeq: 1 {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static SipRequest Outgoing(string method, string branch = Branch) => Parsed(
        $"{method} sip:12345@192.0.2.10 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.1:5060;branch={branch}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:110@192.0.2.1>;tag=gw\r\n" +
        "To: <sip:12345@192.0.2.10>\r\n" +
        "Call-ID: out-1@192.0.2.1\r\n" +
        $"CSeq: 1 {method}\r\n" +
        "Content-Length: 0\r\n\r\n");
}
