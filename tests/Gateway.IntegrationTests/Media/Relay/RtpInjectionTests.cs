using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Sdp;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media.Relay;

/// <summary>
/// A relayed, recorded call while a third party who found the caller leg's RTP port sprays valid RTP at it (RTP
/// injection / "RTP bleed"): nothing of it reaches the callee, the recording or the leg's figures; the real caller's
/// audio is relayed whole; the refusals are counted on /metrics.
/// </summary>
public sealed class RtpInjectionTests(ITestOutputHelper output)
{
    private const byte IntruderMark = 0xEE;

    [Fact]
    public async Task Rtp_from_a_third_address_does_not_reach_a_live_call_and_is_counted()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await AnsweredBridgedCall.StartAsync(SdpPayloadType.Pcma, 48400, test.Token, "--Gateway:Sip:Recording:Enabled=true");
        var (caller, callee, gateway) = call;
        var callerLegPort = caller.RemoteRtp ?? throw new InvalidOperationException("no media address");

        // The caller talks (marked payloads, 20 ms apart) and an intruder sends 10 packets between each two of its packets.
        using var intruder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        intruder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        const int CallerPackets = 100;
        int injected = 0;
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(test.Token);
        var talking = caller.StreamAsync(n => n < CallerPackets ? CallerPayload(n) : CallerPayload(CallerPackets - 1), streaming.Token);
        var spraying = Task.Run(async () =>
        {
            var datagram = new byte[172];
            for (ushort sequence = 0; !streaming.IsCancellationRequested && caller.Sent < CallerPackets; sequence++)
            {
                datagram[0] = 0x80;
                datagram[1] = 8;
                BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), sequence);
                BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), sequence * 160u);
                BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(8), 0x1BADF00D);
                datagram.AsSpan(12).Fill(IntruderMark);
                await intruder.SendToAsync(datagram, callerLegPort);
                injected++;
                if (sequence % 10 == 9) await Task.Delay(20);
            }
        });
        await callee.WaitForPacketsAsync(p => p.Payload[0] == CallerMark && p.Payload[1] == CallerPackets - 1, 1).WaitAsync(test.Token);
        await streaming.CancelAsync();
        await talking;
        await spraying;
        long callerSent = caller.Sent;
        await callee.WaitForPacketsAsync(p => p.Payload[0] == CallerMark, (int)callerSent).WaitAsync(TimeSpan.FromSeconds(5), test.Token);

        var received = callee.Received;
        int fromIntruder = received.Count(p => p.Payload.AsSpan().IndexOfAnyExcept(IntruderMark) < 0);
        int fromCaller = received.Count(p => p.Payload[0] == CallerMark);
        using var http = gateway.Api();
        var metrics = await http.GetStringAsync("/metrics", test.Token);
        long refused = CounterValue(metrics, "gateway_media_rtp_packets_refused_total");
        caller.HangUp();
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        var callerLeg = Assert.Single(record.Media, m => m.Leg == "caller");
        output.WriteLine($"intruder sent {injected}, caller sent {callerSent}; callee received {fromCaller} from the caller, {fromIntruder} from the intruder; refused on /metrics {refused}; caller leg received {callerLeg.Statistics.PacketsReceived}");

        Assert.True(injected >= 500, $"the intruder sent only {injected} packets");
        Assert.Equal(0, fromIntruder);
        Assert.Equal(callerSent, fromCaller);
        Assert.Equal(callerSent, callerLeg.Statistics.PacketsReceived);
        Assert.Equal(injected, callerLeg.Statistics.PacketsRefused);   // the call record says someone tried
        Assert.True(refused >= injected, $"/metrics counted {refused} refused packets of {injected}");
        // The recording's caller channel holds the caller's audio only: no frame of the intruder's constant A-law 0xEE in it.
        var recording = Assert.IsType<Gateway.Sip.Call.CallRecordingSummary>(record.Recording);
        var (left, _) = TestSignals.ReadChannel(recording.Path, channel: 0);
        short intruderSample = G711.Decode(8, [IntruderMark])[0];
        int intruderFrames = Enumerable.Range(0, left.Length / 160).Count(f => left.AsSpan(f * 160, 160).IndexOfAnyExcept(intruderSample) < 0);
        Assert.Equal(0, intruderFrames);
    }

    private const byte CallerMark = 0xC1;

    private static byte[] CallerPayload(long n)
    {
        var payload = new byte[160];
        payload.AsSpan().Fill(0x55);
        payload[0] = CallerMark;
        payload[1] = (byte)n;
        return payload;
    }

    private static long CounterValue(string prometheusText, string name) =>
        prometheusText.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
