using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Media.Conference;

/// <summary>The room sends each leg in its own ptime, and tells when a leaving member is no longer used.</summary>
public sealed class ConferenceRoomPacketTimeTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly MediaMetrics _metrics = new();
    private readonly Socket _phone = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private RtpEndpoint? _endpoint;

    [Theory]
    [InlineData(10, 6, 12, 80)]     // two packets per 20 ms tick
    [InlineData(20, 6, 6, 160)]
    [InlineData(30, 6, 4, 240)]     // 120 ms of audio = four 30 ms packets
    [InlineData(60, 6, 2, 480)]
    public async Task Packets_on_a_leg_follow_its_ptime_with_continuous_sequence_and_timestamps(int packetTimeMs, int ticks, int expectedPackets, int payloadBytes)
    {
        var room = new ConferenceRoom(_time);
        var member = room.Join(OpenLegTowardsPhone(), G711Codec.Pcmu, packetTimeMs: packetTimeMs);
        Assert.Equal(packetTimeMs, member.PacketTimeMs);
        for (int i = 0; i < ticks; i++) room.Tick();

        var datagram = new byte[1500];
        ushort? firstSequence = null;
        uint firstTimestamp = 0;
        for (int n = 0; n < expectedPackets; n++)
        {
            var received = await _phone.ReceiveFromAsync(datagram, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
            Assert.Equal(RtpParseError.None, RtpPacket.TryParse(datagram.AsSpan(0, received.ReceivedBytes), out var packet));
            Assert.Equal(0, packet.PayloadType);
            Assert.Equal(payloadBytes, packet.PayloadLength);
            firstSequence ??= packet.SequenceNumber;
            if (n == 0) firstTimestamp = packet.Timestamp;
            Assert.Equal((ushort)(firstSequence.Value + n), packet.SequenceNumber);
            Assert.Equal(firstTimestamp + (uint)(n * payloadBytes), packet.Timestamp);
        }

        Assert.Equal(0, _phone.Available);
    }

    [Fact]
    public async Task A_leaving_member_is_removed_after_its_fade_out_tick()
    {
        var room = new ConferenceRoom(_time);
        var member = room.Join(OpenLegTowardsPhone(), G711Codec.Pcma);
        room.Tick();
        room.Leave(member);
        Assert.False(member.Removed.IsCompleted);
        Assert.Equal(1, room.MemberCount);

        room.Tick();

        await member.Removed.WaitAsync(SafetyTimeout);
        Assert.Equal(0, room.MemberCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(70)]
    public void Ptime_outside_10_to_60_in_steps_of_10_is_refused(int packetTimeMs)
    {
        var room = new ConferenceRoom(_time);
        Assert.Throws<ArgumentOutOfRangeException>(() => room.Join(OpenLegTowardsPhone(), G711Codec.Pcma, packetTimeMs: packetTimeMs));
    }

    private RtpEndpoint OpenLegTowardsPhone()
    {
        if (_phone.LocalEndPoint is null) _phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        _endpoint = RtpEndpoint.Open(new RtpPortAllocator(start, start + 20), options, _metrics, _time, NullLogger<RtpEndpoint>.Instance);
        _endpoint.SetRemote((IPEndPoint)_phone.LocalEndPoint!);
        return _endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null) await _endpoint.DisposeAsync();
        _phone.Dispose();
        _metrics.Dispose();
    }
}
