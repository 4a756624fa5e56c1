using System.Net;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Tests.Transport;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transaction;

/// <summary>Both transaction layers over real sockets: the pieces fit (Via, addressing, framing, matching).</summary>
public sealed class TransactionOverLoopbackTests
{
    private static SipRequest Options(ISipTransport from, ISipTransport to)
    {
        var transport = from.Protocol.ToString().ToUpperInvariant();
        var request = new SipRequest(SipMethods.Options, SipUri.Sip("110", "127.0.0.1", to.LocalEndPoint.Port));
        request.Headers.Add(SipHeaderId.Via, $"SIP/2.0/{transport} 127.0.0.1:{from.LocalEndPoint.Port};branch={SipBranch.New()};rport");
        request.Headers.Add(SipHeaderId.MaxForwards, "70");
        request.Headers.Add(SipHeaderId.From, "<sip:probe@127.0.0.1>;tag=p");
        request.Headers.Add(SipHeaderId.To, "<sip:110@127.0.0.1>");
        request.Headers.Add(SipHeaderId.CallId, Guid.NewGuid().ToString("N"));
        request.Headers.Add(SipHeaderId.CSeq, "1 OPTIONS");
        request.SetBody(ReadOnlyMemory<byte>.Empty);
        return request;
    }

    private static async Task RoundTripAsync(ISipTransport client, ISipTransport server)
    {
        using var clientLayer = new SipTransactionLayer();
        using var serverLayer = new SipTransactionLayer();
        clientLayer.Attach(client);
        serverLayer.Attach(server);
        serverLayer.RequestReceived += t => t.SendResponse(SipResponseFactory.Create(t.Request, 200, "OK", "srv"));
        await client.StartAsync();
        await server.StartAsync();

        var final = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<SipTransactionEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        clientLayer.SendRequest(Options(client, server), client, server.LocalEndPoint,
            (_, r) => { if (!r.IsProvisional) final.TrySetResult(r); },
            (_, end) => ended.TrySetResult(end));

        var response = await final.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("srv", response.To!.Tag);
        // rport is the request's source port: the socket itself over UDP, the connection's ephemeral port over TCP.
        if (client.IsReliable) Assert.NotNull(response.TopVia!.RPort);
        else Assert.Equal(client.LocalEndPoint.Port, response.TopVia!.RPort);
        if (client.IsReliable) Assert.Equal(SipTransactionEnd.Completed, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Options_round_trip_over_udp()
    {
        await using var client = new SipUdpTransport(Loopback.V4);
        await using var server = new SipUdpTransport(Loopback.V4);
        await RoundTripAsync(client, server);
    }

    [Fact]
    public async Task Options_round_trip_over_tcp()
    {
        await using var client = new SipTcpTransport(Loopback.V4);
        await using var server = new SipTcpTransport(Loopback.V4);
        await RoundTripAsync(client, server);
    }
}
