using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Tests.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

public sealed class SipUdpTransportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_over_loopback_arrives_parsed_with_source(bool ipv6)
    {
        await using var server = new SipUdpTransport(ipv6 ? Loopback.V6 : Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new UdpClient(ipv6 ? Loopback.V6 : Loopback.V4);
        var clientEndPoint = (IPEndPoint)client.Client.LocalEndPoint!;

        var bytes = Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKudp1", "UDP", clientEndPoint));
        await client.SendAsync(bytes, server.LocalEndPoint);
        var inbound = await received.NextAsync();

        Assert.Equal(SipParseError.None, inbound.Result.Error);
        Assert.Equal(clientEndPoint, inbound.Remote);
        Assert.Equal("z9hG4bKudp1", inbound.Message!.TopVia!.Branch);
        Assert.Same(server, inbound.Transport);
    }

    [Fact]
    public async Task Rport_and_received_are_stamped_when_requested()
    {
        await using var server = new SipUdpTransport(Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new UdpClient(Loopback.V4);
        var clientEndPoint = (IPEndPoint)client.Client.LocalEndPoint!;
        // The client claims a private address it does not send from, and asks for rport (RFC 3581 NAT case).
        var claimed = new IPEndPoint(IPAddress.Parse("192.168.1.20"), 5060);

        await client.SendAsync(Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKnat", "UDP", claimed, ";rport")), server.LocalEndPoint);
        var via = (await received.NextAsync()).Message!.TopVia!;

        Assert.Equal("127.0.0.1", via.Received);
        Assert.Equal(clientEndPoint.Port, via.RPort);
        Assert.Equal(clientEndPoint, SipResponseAddressing.Resolve(via, new IPEndPoint(IPAddress.Loopback, 1)));
    }

    [Fact]
    public async Task Transport_sends_and_receives_between_two_instances()
    {
        await using var a = new SipUdpTransport(Loopback.V4);
        await using var b = new SipUdpTransport(Loopback.V4);
        var atB = new ReceivedMessages(b);
        await a.StartAsync();
        await b.StartAsync();

        var request = (SipRequest)new SipMessageParser().Parse(SipSamples.TrunkInviteBytes, SipFraming.Datagram).Message!;
        await a.SendAsync(request, b.LocalEndPoint);
        var inbound = await atB.NextAsync();

        Assert.Equal(SipParseError.None, inbound.Result.Error);
        Assert.Equal(232, inbound.Message!.Body.Length);
        Assert.Equal(a.LocalEndPoint.Port, inbound.Remote.Port);
        // received= was added because sent-by (10.20.0.1) is not the source.
        Assert.Equal("127.0.0.1", inbound.Message.TopVia!.Received);
    }

    [Fact]
    public async Task Garbage_is_reported_and_the_loop_keeps_running()
    {
        await using var server = new SipUdpTransport(Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new UdpClient(Loopback.V4);

        await client.SendAsync("SIP/2.0 4294967301 nope\r\n\r\n"u8.ToArray(), server.LocalEndPoint);
        await client.SendAsync("\r\n\r\n"u8.ToArray(), server.LocalEndPoint);
        await client.SendAsync(Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKafter", "UDP", (IPEndPoint)client.Client.LocalEndPoint!)), server.LocalEndPoint);

        var first = await received.NextAsync();
        var second = await received.NextAsync();
        Assert.Equal(SipParseError.InvalidStatusLine, first.Result.Error);
        Assert.Equal("z9hG4bKafter", second.Message!.TopVia!.Branch);
    }

    [Fact]
    public void Response_addressing_never_follows_broadcast_or_maddr()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000);
        Assert.True(SipVia.TryParse("SIP/2.0/UDP 255.255.255.255;branch=z9hG4bKb", out var broadcast));
        Assert.Equal(source, SipResponseAddressing.Resolve(broadcast, source));
        Assert.True(SipVia.TryParse("SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bKm;maddr=224.0.1.75", out var multicast));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 5070), SipResponseAddressing.Resolve(multicast, source));
        Assert.True(SipVia.TryParse("SIP/2.0/UDP [2001:db8::5];branch=z9hG4bK6", out var v6));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 5060), SipResponseAddressing.Resolve(v6, source));
    }

    [Fact]
    public void Via_stamp_keeps_further_via_values_in_the_same_line()
    {
        var request = (SipRequest)new SipMessageParser().Parse(Encoding.ASCII.GetBytes(
            "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP host.example.com;rport;branch=z9hG4bK1, SIP/2.0/UDP other;branch=z9hG4bK0\r\nContent-Length: 0\r\n\r\n"),
            SipFraming.Datagram).Message!;
        SipViaStamper.Stamp(request, new IPEndPoint(IPAddress.Parse("198.51.100.4"), 6000));

        var vias = request.GetVias()!;
        Assert.Equal(2, vias.Count);
        Assert.Equal("198.51.100.4", vias[0].Received);
        Assert.Equal(6000, vias[0].RPort);
        Assert.Equal("other", vias[1].Host);
        Assert.Equal(1, request.Headers.CountOf(SipHeaderId.Via));
    }
}
