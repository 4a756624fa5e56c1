using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Tests.Media.Relay;

public sealed class RtpRelayTests : IAsyncDisposable
{
    private readonly MediaMetrics _metrics = new();
    private readonly Socket _sink = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly RtpEndpoint _first;
    private readonly RtpEndpoint _second;

    public RtpRelayTests()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        var allocator = new RtpPortAllocator(start, start + 50);
        _first = RtpEndpoint.Open(allocator, options, _metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance);
        _second = RtpEndpoint.Open(allocator, options, _metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _first.SetRemote((IPEndPoint)_sink.LocalEndPoint!);
        _second.SetRemote((IPEndPoint)_sink.LocalEndPoint!);
    }

    [Fact]
    public void Relaying_allocates_nothing_per_packet()
    {
        var relay = new RtpRelay(_first, _second);
        var datagram = new byte[12 + 160];
        new RtpHeader(8, false, 1, 160, 42).Write(datagram);
        Relay(relay, datagram, 0);   // warm up (JIT, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 5_000; i++) Relay(relay, datagram, i);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5_000, relay.RelayedToSecond);
    }

    private void Relay(RtpRelay relay, byte[] datagram, int n)
    {
        RtpPacketEditor.SetSequenceNumber(datagram, (ushort)n);
        RtpPacketEditor.SetTimestamp(datagram, (uint)(n * 160));
        RtpPacketEditor.SetSsrc(datagram, 42);
        RtpPacket.TryParse(datagram, out var packet);
        relay.OnRtpPacket(_first, datagram, packet);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _sink.Dispose();
        _metrics.Dispose();
    }
}
