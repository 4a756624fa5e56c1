using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Sdp;

namespace Gateway.IntegrationTests.Media.Relay;

/// <summary>
/// A bridged call through the running gateway (route uri: to a callee phone of the test) on the relay fast path, with
/// recording on: each side sends 100 packets in one unpaced burst (2 s of audio in a few ms), which must be relayed
/// unchanged and recorded whole.
/// </summary>
public sealed class RelayPayloadTests
{
    private const int Packets = 100;
    private static readonly TimeSpan CallAfterBurst = TimeSpan.FromMilliseconds(Packets * 20 + 400);

    [Theory]
    [InlineData("PCMA")]
    [InlineData("PCMU")]
    public async Task Relay_fast_path_delivers_every_payload_byte_unchanged_both_ways(string codecName)
    {
        var codec = codecName == "PCMA" ? SdpPayloadType.Pcma : SdpPayloadType.Pcmu;
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await AnsweredBridgedCall.StartAsync(codec, codecName == "PCMA" ? 47600 : 47800, test.Token, "--Gateway:Sip:Recording:Enabled=true");
        var (caller, callee, gateway) = call;

        // Patterns that cover every byte value and differ per side and per packet.
        for (int n = 0; n < Packets; n++)
        {
            caller.Send(Pattern(side: 1, n));
            callee.Send(Pattern(side: 2, n));
        }

        await Task.WhenAll(callee.WaitForPacketsAsync(Packets), caller.WaitForPacketsAsync(Packets));
        AssertDelivered(callee.Received, side: 1, codec);
        AssertDelivered(caller.Received, side: 2, codec);
        // The call goes on for as long as the bursts play (2 s), so the recording (as long as the call) can hold them.
        await Task.Delay(CallAfterBurst, test.Token);
        caller.HangUp();
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.StartsWith("uri:", record.Route);
        // The recording of the same call holds each burst whole, decoded, in order (caller left, callee right).
        var recording = Assert.IsType<Gateway.Sip.Call.CallRecordingSummary>(record.Recording);
        AssertRecorded(recording.Path, channel: 0, side: 1, codec);
        AssertRecorded(recording.Path, channel: 1, side: 2, codec);
        // Each leg's RTP figures are kept in the call record: what it received from its party, nothing lost.
        Assert.Equal(["callee", "caller"], record.Media.Select(m => m.Leg).Order());
        Assert.All(record.Media, m =>
        {
            Assert.Equal(Packets, m.Statistics.PacketsReceived);
            Assert.Equal(Packets, m.Statistics.PacketsSent);
            Assert.Equal(0, m.Statistics.PacketsLost);
        });
    }

    private static byte[] Pattern(int side, int packet)
    {
        var payload = new byte[160];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 13 + packet * 7 + side * 101);
        return payload;
    }

    /// <summary>The burst of <paramref name="side"/>, decoded by NAudio, is in <paramref name="channel"/> without a gap, from a frame boundary on.</summary>
    private static void AssertRecorded(string path, int channel, int side, SdpPayloadType codec)
    {
        var (recorded, format) = TestSignals.ReadChannel(path, channel);
        Assert.Equal(2, format.Channels);
        var expected = Enumerable.Range(0, Packets).SelectMany(n => G711.Decode((byte)codec.Number, Pattern(side, n))).ToArray();
        bool Matches(int start) => Enumerable.Range(0, expected.Length).All(i => Math.Abs(recorded[start + i] - expected[i]) <= 1);   // NAudio decodes µ-law 0x7F as −1
        var found = Enumerable.Range(0, (recorded.Length - expected.Length) / 160 + 1).Select(f => f * 160).Where(Matches).ToList();
        Assert.True(found.Count == 1, $"side {side}: the burst is {(found.Count == 0 ? "not" : "more than once")} in channel {channel} of {recorded.Length} samples");
    }

    private static void AssertDelivered(IReadOnlyList<ReceivedRtp> received, int side, SdpPayloadType codec)
    {
        Assert.Equal(Packets, received.Count);
        var bySequence = received.OrderBy(p => (ushort)(p.Sequence - received[0].Sequence)).ToList();
        for (int n = 0; n < Packets; n++)
        {
            Assert.Equal(codec.Number, bySequence[n].PayloadType);
            Assert.True(Pattern(side, n).AsSpan().SequenceEqual(bySequence[n].Payload), $"packet {n} from side {side} arrived changed");
        }

        Assert.Single(received.Select(p => p.Ssrc).Distinct());
    }
}
