using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Media.Transport;

/// <summary>The leg's behaviour, the same whichever receive engine delivers its datagrams (see the two classes at the end).</summary>
public abstract class RtpEndpointTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly MediaMetrics _metrics = new();
    private readonly RtpPortAllocator _allocator;
    private readonly RtpEndpointOptions _options = new() { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
    private readonly List<RtpEndpoint> _endpoints = [];

    public RtpEndpointTests()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));   // spread parallel test runs over the port space
        _allocator = new RtpPortAllocator(start, start + 200);
    }

    protected abstract IUdpReceiveEngine Engine { get; }

    private RtpEndpoint Open(TimeProvider? time = null)
    {
        var endpoint = RtpEndpoint.Open(_allocator, _options, _metrics, time ?? TimeProvider.System, NullLogger<RtpEndpoint>.Instance, Engine);
        _endpoints.Add(endpoint);
        return endpoint;
    }

    private static byte[] Packet(uint ssrc, ushort sequence, byte marker)
    {
        var packet = new byte[12 + 160];
        new RtpHeader(8, false, sequence, (uint)(sequence * 160), ssrc).Write(packet);
        packet.AsSpan(12).Fill(marker);
        return packet;
    }

    [Fact]
    public async Task Two_legs_exchange_packets_and_latch_to_a_new_source_port_once_the_old_one_went_silent()
    {
        var time = new FakeTimeProvider();
        var a = Open(time);
        var b = Open();
        var atA = new CollectingHandler();
        var atB = new CollectingHandler();
        a.Start(atA);
        b.Start(atB);
        b.SetRemote(new IPEndPoint(IPAddress.Loopback, a.LocalRtpPort));

        // B knows A from "SDP"; A learns B only from B's packets.
        Assert.True(b.Send(Packet(1, 1, 0xB1)));
        var first = await atA.NextAsync();
        Assert.Equal(0xB1, first.Payload[0]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, b.LocalRtpPort), a.RemoteEndPoint);

        Assert.True(a.Send(Packet(2, 1, 0xA1)));
        Assert.Equal(0xA1, (await atB.NextAsync()).Payload[0]);

        // Another source while B still talks: refused, not delivered (B's next packet is the next one A sees).
        using var moved = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        moved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var aAddress = new IPEndPoint(IPAddress.Loopback, a.LocalRtpPort);
        await moved.SendToAsync(Packet(3, 1, 0xC1), aAddress);
        await moved.SendToAsync(Packet(3, 2, 0xC2), aAddress);
        Assert.True(b.Send(Packet(1, 2, 0xB2)));
        Assert.Equal(0xB2, (await atA.NextAsync()).Payload[0]);
        Assert.Equal(2, a.Statistics.PacketsRefused);
        Assert.Equal(2, a.Statistics.Snapshot().PacketsReceived);

        // The far end moves (NAT rebinding): B falls silent, a plain socket on a new port takes over on its second packet.
        time.Advance(_options.RelatchAfterSilence);
        var latched = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.RemoteLatched += (_, endPoint) => latched.TrySetResult(endPoint);
        await moved.SendToAsync(Packet(3, 3, 0xC3), aAddress);
        await moved.SendToAsync(Packet(3, 4, 0xC4), aAddress);

        Assert.Equal(moved.LocalEndPoint, await latched.Task.WaitAsync(SafetyTimeout));
        Assert.Equal(0xC4, (await atA.NextAsync()).Payload[0]);
        Assert.Equal(3, a.Statistics.PacketsRefused);
        Assert.True(a.Send(Packet(2, 2, 0xA2)));
        var buffer = new byte[2048];
        var received = await moved.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
        Assert.Equal(0xA2, buffer[12]);
        Assert.Equal(172, received.ReceivedBytes);
    }

    [Fact]
    public async Task Garbage_datagrams_are_counted_and_do_not_latch()
    {
        long invalid = 0, received = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name.EndsWith("packets_invalid", StringComparison.Ordinal)) Interlocked.Add(ref invalid, value);
            if (instrument.Name.EndsWith("packets_in", StringComparison.Ordinal)) Interlocked.Add(ref received, value);
        });
        listener.Start();

        var a = Open();
        var handler = new CollectingHandler();
        a.Start(handler);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, a.LocalRtpPort);
        await sender.SendToAsync(new byte[] { 1, 2, 3 }, target);
        await sender.SendToAsync(Packet(7, 100, 0x77), target);

        Assert.Equal(0x77, (await handler.NextAsync()).Payload[0]);   // in order on one socket: garbage handled first
        Assert.Equal(1, Interlocked.Read(ref invalid));
        Assert.Equal(1, Interlocked.Read(ref received));
        Assert.Equal(1, a.Statistics.Snapshot().PacketsReceived);
    }

    [Fact]
    public async Task Rtcp_reports_give_each_side_loss_and_round_trip()
    {
        var a = Open();
        var b = Open();
        var atB = new CollectingHandler();
        a.Start(new CollectingHandler());
        b.Start(atB);
        a.SetRemote(new IPEndPoint(IPAddress.Loopback, b.LocalRtpPort));
        b.SetRemote(new IPEndPoint(IPAddress.Loopback, a.LocalRtpPort));

        var bGotReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aGotReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.RtcpReceived += _ => bGotReport.TrySetResult();
        a.RtcpReceived += _ => aGotReport.TrySetResult();

        for (ushort i = 1; i <= 20; i++) a.Send(Packet(a.LocalSsrc, i, 0));
        for (int i = 1; i <= 20; i++) await atB.NextAsync();   // RTP and RTCP travel on different sockets
        a.SendReport();                                   // SR from A
        await bGotReport.Task.WaitAsync(SafetyTimeout);
        b.SendReport();                                   // RR from B with LSR/DLSR about A
        await aGotReport.Task.WaitAsync(SafetyTimeout);

        var snapshot = a.Statistics.Snapshot();
        Assert.NotNull(snapshot.RoundTrip);
        Assert.InRange(snapshot.RoundTrip.Value, TimeSpan.Zero, SafetyTimeout);
        Assert.NotNull(snapshot.RemoteCumulativeLost);
        Assert.Equal(20, snapshot.PacketsSent);
    }

    [Fact]
    public async Task Relay_between_two_legs_delivers_payload_unchanged_with_continuous_sequence()
    {
        var callerLeg = Open();
        var agentLeg = Open();
        using var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var agent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        agent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        agentLeg.SetRemote((IPEndPoint)agent.LocalEndPoint!);
        new Gateway.Sip.Media.Relay.RtpRelay(callerLeg, agentLeg).Start();

        var target = new IPEndPoint(IPAddress.Loopback, callerLeg.LocalRtpPort);
        var buffer = new byte[2048];
        ushort? previous = null;
        for (ushort i = 0; i < 10; i++)
        {
            byte[] sent = Packet(i < 5 ? 1u : 2u, (ushort)(i < 5 ? 100 + i : 9000 + i), (byte)(0x30 + i));
            await caller.SendToAsync(sent, target);
            var received = await agent.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
            Assert.Equal(RtpParseError.None, RtpPacket.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var packet));
            Assert.Equal(sent.AsSpan(12).ToArray(), packet.Payload.ToArray());
            Assert.Equal(agentLeg.LocalSsrc, packet.Ssrc);
            if (previous is { } p) Assert.Equal((ushort)(p + 1), packet.SequenceNumber);
            previous = packet.SequenceNumber;
        }
    }

    [Fact]
    public async Task Closing_a_leg_sends_rtcp_bye_and_ssrc_changes_are_reported()
    {
        var a = Open();
        using var phoneRtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var phoneRtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        phoneRtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        phoneRtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        a.SetRemote((IPEndPoint)phoneRtp.LocalEndPoint!, (IPEndPoint)phoneRtcp.LocalEndPoint!);
        var changed = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.RemoteSourceChanged += (_, ssrc) => changed.TrySetResult(ssrc);
        a.Start(new CollectingHandler());

        var target = new IPEndPoint(IPAddress.Loopback, a.LocalRtpPort);
        await phoneRtp.SendToAsync(Packet(10, 1, 0), target);
        await phoneRtp.SendToAsync(Packet(11, 500, 0), target);
        Assert.Equal(11u, await changed.Task.WaitAsync(SafetyTimeout));

        _endpoints.Remove(a);
        await a.DisposeAsync();
        var buffer = new byte[512];
        var received = await phoneRtcp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
        var reader = new Gateway.Sip.Media.Rtcp.RtcpCompoundReader(buffer.AsSpan(0, received.ReceivedBytes));
        var types = new List<Gateway.Sip.Media.Rtcp.RtcpPacketType>();
        while (reader.TryReadNext(out var packet))
        {
            types.Add(packet.Type);
            Assert.Equal(a.LocalSsrc, packet.Ssrc);
        }

        Assert.Equal(Gateway.Sip.Media.Rtcp.RtcpPacketType.Goodbye, types[^1]);
        Assert.Equal(Gateway.Sip.Media.Rtcp.RtcpPacketType.ReceiverReport, types[0]);
    }

    [Fact]
    public async Task Disposing_a_leg_returns_its_ports_to_the_range()
    {
        int before = _allocator.Available;
        var a = Open();
        Assert.Equal(before - 1, _allocator.Available);
        _endpoints.Remove(a);
        await a.DisposeAsync();
        Assert.Equal(before, _allocator.Available);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync();
        _metrics.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class CollectingHandler : IRtpPacketHandler
    {
        private readonly Channel<(RtpHeader Header, byte[] Payload)> _packets = Channel.CreateUnbounded<(RtpHeader, byte[])>();

        public void OnRtpPacket(RtpEndpoint leg, Span<byte> datagram, RtpPacket packet) =>
            _packets.Writer.TryWrite((packet.Header, packet.Payload.ToArray()));

        public async Task<(RtpHeader Header, byte[] Payload)> NextAsync() =>
            await _packets.Reader.ReadAsync().AsTask().WaitAsync(SafetyTimeout);
    }
}

public sealed class RtpEndpointOnSocketLoopsTests : RtpEndpointTests
{
    protected override IUdpReceiveEngine Engine => SocketLoopReceiveEngine.Default;
}

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RtpEndpointOnEpollTests : RtpEndpointTests
{
    private readonly EpollReceiveEngine _engine = new(2, NullLogger<EpollReceiveEngine>.Instance);

    protected override IUdpReceiveEngine Engine => _engine;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _engine.Dispose();
    }
}
