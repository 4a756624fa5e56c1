using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Call.Progress;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Tones;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Tests.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Call.Progress;

/// <summary>Local tones and relaying on two real loopback legs, the 20 ms clock in fake time.</summary>
public sealed class BridgedCallMediaTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly MediaMetrics _metrics = new();
    private readonly Socket _callerPhone = Phone();
    private readonly Socket _calleePhone = Phone();
    private readonly RtpEndpoint _callerLeg;
    private readonly RtpEndpoint _calleeLeg;
    private readonly BridgedCallMedia _media;

    public BridgedCallMediaTests()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var allocator = new RtpPortAllocator(start, start + 50);
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        _callerLeg = RtpEndpoint.Open(allocator, options, _metrics, _time, NullLogger<RtpEndpoint>.Instance);
        _calleeLeg = RtpEndpoint.Open(allocator, options, _metrics, _time, NullLogger<RtpEndpoint>.Instance);
        _callerLeg.SetRemote((IPEndPoint)_callerPhone.LocalEndPoint!);
        _calleeLeg.SetRemote((IPEndPoint)_calleePhone.LocalEndPoint!);
        _media = new BridgedCallMedia(_callerLeg, _calleeLeg, G711Codec.Pcma, _time, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task Ringback_then_relay_is_one_continuous_stream_and_no_tone_follows_the_switch()
    {
        _media.Apply(CallSide.Caller, PartyHears.Ringback, ChineseTones.Ringback);
        Assert.True(_media.ClockRunning);
        var tone = new List<Heard>();
        var heard = new List<short>();
        for (int i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            var (packet, pcm) = await ReceiveAsync(_callerPhone);
            tone.Add(packet);
            heard.AddRange(pcm);
        }
        Assert.All(tone, p => Assert.Equal(8, p.PayloadType));
        Assert.Equal(_callerLeg.LocalSsrc, tone[0].Ssrc);   // the leg's own SSRC, as its RTCP says
        for (int i = 1; i < tone.Count; i++)
        {
            Assert.Equal((ushort)(tone[i - 1].Sequence + 1), tone[i].Sequence);
            Assert.Equal(tone[i - 1].Timestamp + 160, tone[i].Timestamp);
        }
        Assert.InRange(AudioAssert.ToneAmplitude(heard.ToArray(), ChineseTones.FrequencyHz), 8500, 9500);

        _media.Apply(CallSide.Caller, PartyHears.OtherParty, ChineseTones.Ringback);
        Assert.False(_media.ClockRunning);   // nothing local plays any more
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var payload = Pattern(1);
        SendRtp(_calleePhone, _calleeLeg, ssrc: 0x1234, sequence: 7, timestamp: 9000, payload);

        // The first packet after the switch is the relayed one: no tone packet is left in between.
        var (relayed, _) = await ReceiveAsync(_callerPhone);
        Assert.Equal(payload, relayed.Payload);
        Assert.Equal(_callerLeg.LocalSsrc, relayed.Ssrc);
        Assert.Equal((ushort)(tone[^1].Sequence + 1), relayed.Sequence);
        Assert.Equal(tone[^1].Timestamp + 160, relayed.Timestamp);
        Assert.True(relayed.Marker);   // a new talkspurt for the caller's jitter buffer
        Assert.Equal(10, _media.StreamTowards(CallSide.Caller).SentLocally);
    }

    [Fact]
    public async Task Hold_music_replaces_the_holder_audio_and_unhold_relays_it_again_on_the_same_stream()
    {
        var music = TestWav.Prompt(frequencyHz: 600);
        _media.Apply(CallSide.Callee, PartyHears.OtherParty, () => throw new InvalidOperationException("no source for a relay"));
        SendRtp(_callerPhone, _callerLeg, ssrc: 0x5678, sequence: 100, timestamp: 16000, Pattern(2));
        var (before, _) = await ReceiveAsync(_calleePhone);
        Assert.Equal(Pattern(2), before.Payload);

        _media.Apply(CallSide.Callee, PartyHears.HoldMusic, () => new PromptPlayer(music, loop: true));
        SendRtp(_callerPhone, _callerLeg, ssrc: 0x5678, sequence: 101, timestamp: 16160, Pattern(3));   // dropped while the music plays
        // The relay counts it on the leg's receive loop, which gives no event to await.
        Assert.True(SpinWait.SpinUntil(() => _media.StreamTowards(CallSide.Callee).Dropped == 1, SafetyTimeout));
        var heard = new List<short>();
        var musicPackets = new List<Heard>();
        for (int i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            var (packet, pcm) = await ReceiveAsync(_calleePhone);
            Assert.NotEqual(Pattern(3), packet.Payload);
            musicPackets.Add(packet);
            heard.AddRange(pcm);
        }
        Assert.Equal((ushort)(before.Sequence + 1), musicPackets[0].Sequence);
        Assert.True(musicPackets[0].Marker);
        Assert.InRange(AudioAssert.ToneAmplitude(heard.ToArray(), 600), 7000, 8500);

        _media.Apply(CallSide.Callee, PartyHears.OtherParty, () => throw new InvalidOperationException("no source for a relay"));
        SendRtp(_callerPhone, _callerLeg, ssrc: 0x5678, sequence: 102, timestamp: 16320, Pattern(4));
        var (after, _) = await ReceiveAsync(_calleePhone);
        Assert.Equal(Pattern(4), after.Payload);
        Assert.Equal((ushort)(musicPackets[^1].Sequence + 1), after.Sequence);
        Assert.Equal(_calleeLeg.LocalSsrc, after.Ssrc);
        Assert.False(_media.ClockRunning);
    }

    [Fact]
    public async Task Nothing_reaches_a_party_before_it_is_given_something_to_hear()
    {
        _media.Apply(CallSide.Caller, PartyHears.Ringback, ChineseTones.Ringback);   // starts both legs
        SendRtp(_callerPhone, _callerLeg, ssrc: 0x9999, sequence: 1, timestamp: 0, Pattern(5));
        _time.Advance(TimeSpan.FromMilliseconds(20));
        await ReceiveAsync(_callerPhone);
        // The callee direction is still "nothing": the caller's early audio stays here.
        Assert.True(SpinWait.SpinUntil(() => _media.StreamTowards(CallSide.Callee).Dropped == 1, SafetyTimeout));
        Assert.Equal(0, _media.StreamTowards(CallSide.Callee).Relayed);
        Assert.True(_media.StreamTowards(CallSide.Callee).IsLocal);
        await _media.DisposeAsync();
        Assert.False(_media.ClockRunning);
    }

    private static Socket Phone()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static byte[] Pattern(int seed)
    {
        var payload = new byte[160];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7 + seed * 31);
        return payload;
    }

    private static void SendRtp(Socket phone, RtpEndpoint leg, uint ssrc, ushort sequence, uint timestamp, byte[] payload)
    {
        var datagram = new byte[RtpHeader.FixedLength + payload.Length];
        new RtpHeader(8, false, sequence, timestamp, ssrc).Write(datagram);
        payload.CopyTo(datagram, RtpHeader.FixedLength);
        phone.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, leg.LocalRtpPort));
    }

    private static async Task<(Heard Packet, short[] Pcm)> ReceiveAsync(Socket phone)
    {
        var buffer = new byte[2048];
        var result = await phone.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
        Assert.Equal(RtpParseError.None, RtpPacket.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var parsed));
        var packet = new Heard(parsed.Header.PayloadType, parsed.Header.Marker, parsed.Header.SequenceNumber, parsed.Header.Timestamp, parsed.Header.Ssrc, parsed.Payload.ToArray());
        var pcm = new short[packet.Payload.Length];
        G711Codec.Pcma.Decode(packet.Payload, pcm);
        return (packet, pcm);
    }

    /// <summary>A packet as a phone received it (payload copied).</summary>
    private sealed record Heard(int PayloadType, bool Marker, ushort Sequence, uint Timestamp, uint Ssrc, byte[] Payload);

    public async ValueTask DisposeAsync()
    {
        await _media.DisposeAsync();
        await _callerLeg.DisposeAsync();
        await _calleeLeg.DisposeAsync();
        _callerPhone.Dispose();
        _calleePhone.Dispose();
        _metrics.Dispose();
    }
}
