using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Playback;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Tones;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Tests.Media.Playback;

public sealed class LegPlayerTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);
    private readonly MediaMetrics _metrics = new();
    private readonly Socket _phone = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly RtpEndpoint _leg;

    public LegPlayerTests()
    {
        int start = 20000 + (2 * Random.Shared.Next(15000));
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        _leg = RtpEndpoint.Open(new RtpPortAllocator(start, start + 50), options, _metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance);
        _phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _leg.SetRemote((IPEndPoint)_phone.LocalEndPoint!);
    }

    private async Task<(RtpHeader Header, byte[] Payload)> ReceiveAsync()
    {
        var buffer = new byte[2048];
        var result = await _phone.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(SafetyTimeout);
        Assert.Equal(RtpParseError.None, RtpPacket.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var packet));
        return (packet.Header, packet.Payload.ToArray());
    }

    [Fact]
    public async Task Ringback_reaches_the_phone_as_450_hz_pcma_with_a_continuous_stream()
    {
        var player = new LegPlayer(_leg, G711Codec.Pcma);
        player.Play(ChineseTones.Ringback());
        var heard = new List<short>();
        var pcm = new short[160];
        RtpHeader? previous = null;
        for (int i = 0; i < 25; i++)
        {
            Assert.True(player.Tick());
            var (header, payload) = await ReceiveAsync();
            Assert.Equal(8, header.PayloadType);
            Assert.Equal(i == 0, header.Marker);
            if (previous is { } p)
            {
                Assert.Equal((ushort)(p.SequenceNumber + 1), header.SequenceNumber);
                Assert.Equal(p.Timestamp + 160, header.Timestamp);
            }

            previous = header;
            G711Codec.Pcma.Decode(payload, pcm);
            heard.AddRange(pcm);
        }

        Assert.InRange(Gateway.Sip.Tests.Media.AudioAssert.ToneAmplitude(heard.ToArray(), 450), 8500, 9500);
    }

    [Fact]
    public async Task Digits_interrupt_audio_and_are_decoded_once_by_the_phone()
    {
        var player = new LegPlayer(_leg, G711Codec.Pcmu, telephoneEventPayloadType: 101);
        player.Play(new CadenceToneSource(1000, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        player.SendDigits("119");
        var receiver = new DtmfReceiver();
        var digits = new List<char>();
        receiver.DigitReceived += d => digits.Add(d.Digit);

        int audioPackets = 0;
        for (int i = 0; i < 30; i++)
        {
            Assert.True(player.Tick());
            var (header, payload) = await ReceiveAsync();
            if (header.PayloadType == 101) receiver.Process(header.Timestamp, payload);
            else audioPackets++;
        }

        Assert.Equal("119", new string(digits.ToArray()));
        Assert.Equal(30 - (3 * (4 + 3)), audioPackets);     // 100 ms digits: 4 updates + 3 ends each
    }

    public async ValueTask DisposeAsync()
    {
        await _leg.DisposeAsync();
        _phone.Dispose();
        _metrics.Dispose();
    }
}
