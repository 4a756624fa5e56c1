using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Tests.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

public sealed class SipTcpTransportTests
{
    [Fact]
    public async Task Two_messages_in_one_segment_arrive_in_order()
    {
        await using var server = new SipTcpTransport(Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.LocalEndPoint);
        var local = (IPEndPoint)client.Client.LocalEndPoint!;

        var both = Loopback.Options("z9hG4bKtcp1", "TCP", local) + Loopback.Options("z9hG4bKtcp2", "TCP", local);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(both));

        Assert.Equal("z9hG4bKtcp1", (await received.NextAsync()).Message!.TopVia!.Branch);
        Assert.Equal("z9hG4bKtcp2", (await received.NextAsync()).Message!.TopVia!.Branch);
    }

    [Fact]
    public async Task Message_written_in_pieces_is_framed()
    {
        await using var server = new SipTcpTransport(Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.LocalEndPoint);
        var bytes = SipSamples.TrunkInviteBytes;
        var stream = client.GetStream();

        for (var offset = 0; offset < bytes.Length; offset += 50)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(50, bytes.Length - offset)));
            await stream.FlushAsync();
        }

        var inbound = await received.NextAsync();
        Assert.Equal(SipParseError.None, inbound.Result.Error);
        Assert.Equal(SipSamples.TrunkSdp, Encoding.ASCII.GetString(inbound.Message!.Body.Span));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_goes_back_over_the_same_connection(bool ipv6)
    {
        await using var uac = new SipTcpTransport(ipv6 ? Loopback.V6 : Loopback.V4);
        await using var uas = new SipTcpTransport(ipv6 ? Loopback.V6 : Loopback.V4);
        var atUac = new ReceivedMessages(uac);
        var atUas = new ReceivedMessages(uas);
        await uac.StartAsync();
        await uas.StartAsync();

        var request = (SipRequest)new SipMessageParser().Parse(Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKreuse", "TCP", uac.LocalEndPoint)), SipFraming.Stream).Message!;
        await uac.SendAsync(request, uas.LocalEndPoint);
        var inbound = await atUas.NextAsync();
        await uas.SendAsync(SipResponseFactory.Create((SipRequest)inbound.Message!, 200, "OK", "t1"), inbound.Remote);
        var response = Assert.IsType<SipResponse>((await atUac.NextAsync()).Message);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, uac.OpenConnections);
        Assert.Equal(1, uas.OpenConnections);
        // The UAS answered the connection's address, not the listener port in Via: it reused the connection.
        Assert.NotEqual(uac.LocalEndPoint.Port, inbound.Remote.Port);
    }

    [Fact]
    public async Task Connection_refused_is_a_transport_error()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(Loopback.V4);
        var closedPort = (IPEndPoint)probe.LocalEndPoint!;
        probe.Dispose();
        await using var transport = new SipTcpTransport(Loopback.V4);
        var request = (SipRequest)new SipMessageParser().Parse(SipSamples.TrunkInviteBytes, SipFraming.Datagram).Message!;

        var error = await Assert.ThrowsAsync<SipTransportException>(() => transport.SendAsync(request, closedPort).AsTask());
        Assert.Equal(closedPort, error.Destination);
        Assert.Equal(0, transport.OpenConnections);
    }

    [Fact]
    public async Task Broken_framing_closes_the_connection()
    {
        await using var server = new SipTcpTransport(Loopback.V4);
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.LocalEndPoint);

        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(SipSamples.TrunkInvite.Replace("Content-Length: 232", "Content-Length: x")));
        var inbound = await received.NextAsync();
        var read = await client.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(SipParseError.InvalidContentLength, inbound.Result.Error);
        Assert.Equal(0, read);
    }
}

public sealed class SipTcpIdleTests
{
    [Fact]
    public async Task Idle_connections_are_closed_after_the_idle_timeout()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = new SipTcpTransport(Loopback.V4, timeProvider: time) { IdleTimeout = TimeSpan.FromMinutes(2) };
        var received = new ReceivedMessages(server);
        await server.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.LocalEndPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Loopback.Options("z9hG4bKidle", "TCP", (IPEndPoint)client.Client.LocalEndPoint!)));
        await received.NextAsync();

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, server.OpenConnections); // not idle long enough yet
        time.Advance(TimeSpan.FromMinutes(1.5));
        var read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, read);
    }
}
