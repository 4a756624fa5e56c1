using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Recording;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Media.Conference;

public sealed class ConferenceRoomTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private static readonly double[] Frequencies = [400, 700, 1100];
    private readonly FakeTimeProvider _time = new();
    private readonly MediaMetrics _metrics = new();
    private readonly List<RtpEndpoint> _endpoints = [];
    private readonly List<Socket> _phones = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-conf-").FullName;

    [Fact]
    public async Task Three_phones_over_udp_each_hear_the_other_two_tones_and_not_their_own()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var allocator = new RtpPortAllocator(start, start + 100);
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        var room = new ConferenceRoom(_time);
        var queued = new SemaphoreSlim(0);
        var members = new List<ConferenceMember>();
        for (int i = 0; i < 3; i++)
        {
            var endpoint = RtpEndpoint.Open(allocator, options, _metrics, _time, NullLogger<RtpEndpoint>.Instance);
            _endpoints.Add(endpoint);
            var member = room.Join(endpoint, G711Codec.Pcma);
            member.Input.AudioQueued += _ => queued.Release();
            members.Add(member);
            var phone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _phones.Add(phone);
        }

        string recordingPath = Path.Combine(_directory, "conference.wav");
        var recorder = new CallRecorder(recordingPath);
        room.StartRecording(recorder, members[0]);

        var heard = Frequencies.Select(_ => new List<short>()).ToArray();
        var datagram = new byte[200];
        var pcm = new short[160];
        var payload = new byte[160];
        const int frames = 50;
        for (int frame = 0; frame < frames; frame++)
        {
            for (int p = 0; p < 3; p++)
            {
                G711Codec.Pcma.Encode(AudioAssert.Sine(Frequencies[p], 8000, 160, offset: frame * 160), payload);
                int length = new RtpHeader(8, frame == 0, (ushort)frame, (uint)(frame * 160), (uint)(100 + p)).Write(datagram);
                payload.CopyTo(datagram, length);
                await _phones[p].SendToAsync(datagram.AsMemory(0, length + 160), new IPEndPoint(IPAddress.Loopback, members[p].Endpoint.LocalRtpPort));
            }

            for (int p = 0; p < 3; p++) Assert.True(await queued.WaitAsync(SafetyTimeout));
            _time.Advance(TimeSpan.FromMilliseconds(20));
            room.Tick();

            for (int p = 0; p < 3; p++)
            {
                var received = await _phones[p].ReceiveFromAsync(datagram, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
                Assert.Equal(RtpParseError.None, RtpPacket.TryParse(datagram.AsSpan(0, received.ReceivedBytes), out var packet));
                Assert.Equal(8, packet.PayloadType);
                G711Codec.Pcma.Decode(packet.Payload, pcm);
                heard[p].AddRange(pcm);
            }
        }

        for (int p = 0; p < 3; p++)
        {
            var steady = heard[p].Skip(5 * 160).ToArray();
            for (int f = 0; f < 3; f++)
            {
                double amplitude = AudioAssert.ToneAmplitude(steady, Frequencies[f]);
                if (f == p) Assert.True(amplitude < 100, $"phone {p} hears its own {Frequencies[f]} Hz at {amplitude:F0}");
                else Assert.InRange(amplitude, 7500, 8500);
            }
        }

        var info = await recorder.CompleteAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(20 * frames), info.Duration);
        using var reader = new WaveFileReader(recordingPath);
        Assert.Equal(2, reader.WaveFormat.Channels);
        Assert.Equal(info.Duration, reader.TotalTime);
    }

    [Fact]
    public async Task Frame_clock_ticks_every_20_ms_and_catches_up_after_a_stall()
    {
        var ticked = new SemaphoreSlim(0);
        int count = 0;
        await using var clock = new MediaFrameClock(
            () =>
            {
                Interlocked.Increment(ref count);
                ticked.Release();
            },
            _time,
            NullLogger<MediaFrameClock>.Instance);

        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(await ticked.WaitAsync(SafetyTimeout));
        _time.Advance(TimeSpan.FromMilliseconds(60));            // a stall of three frames
        for (int i = 0; i < 3; i++) Assert.True(await ticked.WaitAsync(SafetyTimeout));
        Assert.Equal(4, Volatile.Read(ref count));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync();
        foreach (var phone in _phones) phone.Dispose();
        _metrics.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
