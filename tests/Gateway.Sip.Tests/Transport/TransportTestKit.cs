using System.Net;
using System.Threading.Channels;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

/// <summary>Collects what a transport receives so tests can await messages instead of sleeping.</summary>
internal sealed class ReceivedMessages
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly Channel<SipInboundMessage> _channel = Channel.CreateUnbounded<SipInboundMessage>();

    public ReceivedMessages(ISipTransport transport) => transport.MessageReceived += m => _channel.Writer.TryWrite(m);

    public async Task<SipInboundMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(SafetyTimeout);
        return await _channel.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out SipInboundMessage? message) => _channel.Reader.TryRead(out message);
}

internal static class Loopback
{
    public static IPEndPoint V4 => new(IPAddress.Loopback, 0);
    public static IPEndPoint V6 => new(IPAddress.IPv6Loopback, 0);

    public static string Options(string branch, string transport, IPEndPoint sentBy, string extraVia = "") =>
        $"OPTIONS sip:110@{Host(sentBy)} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {Host(sentBy)}:{sentBy.Port};branch={branch}{extraVia}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:probe@example.com>;tag=p1\r\n" +
        "To: <sip:110@example.com>\r\n" +
        $"Call-ID: {branch}@test\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string Host(IPEndPoint endPoint) => endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
}
