using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Call;
using Gateway.Sip.Sdp;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media.Relay;

/// <summary>
/// Digits sent from the API into a bridged call on the relay fast path: the callee sees one continuous stream (the
/// relayed SSRC, sequence numbers without a gap or repeat, timestamps that never go back), the RFC 4733 events inside
/// it in place of the caller's audio, and the caller's audio unchanged before and after.
/// </summary>
public sealed class RelayDigitInjectionTests(ITestOutputHelper output)
{
    private const byte TelephoneEvent = 101;

    [Fact]
    public async Task Digits_from_the_api_continue_the_relayed_stream_and_the_audio_resumes_unchanged()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await AnsweredBridgedCall.StartAsync(SdpPayloadType.Pcma, 38000, test.Token);
        var (caller, callee, gateway) = call;
        using var api = gateway.Api();
        var record = gateway.ActiveCall(caller.CallId!);

        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(test.Token);
        var audio = caller.StreamAsync(Pattern, streaming.Token);
        await callee.WaitForPacketsAsync(25);

        var response = await api.PostAsJsonAsync($"/api/calls/{record.Id}/digits", new { digits = "1#", leg = "callee", durationMs = 100 }, test.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Both digits' three end packets, then 30 packets of the caller's audio again.
        await callee.WaitForReceivedAsync(r => r.Count(p => p.PayloadType == TelephoneEvent && IsEnd(p)) == 6
            && r.Skip(r.ToList().FindLastIndex(p => p.PayloadType == TelephoneEvent) + 1).Count() >= 30);
        await streaming.CancelAsync();
        await audio;

        var received = callee.Received;
        output.WriteLine($"callee received {received.Count} packets, {received.Count(p => p.PayloadType == TelephoneEvent)} of them events");

        // One source, sequence numbers +1 from packet to packet (loopback keeps the order), timestamps never back.
        Assert.Single(received.Select(p => p.Ssrc).Distinct());
        for (int i = 1; i < received.Count; i++)
        {
            Assert.True((ushort)(received[i - 1].Sequence + 1) == received[i].Sequence, $"packet {i}: sequence {received[i].Sequence} after {received[i - 1].Sequence}");
            Assert.True((int)(received[i].Timestamp - received[i - 1].Timestamp) >= 0, $"packet {i}: timestamp went back");
        }

        int firstEvent = received.ToList().FindIndex(p => p.PayloadType == TelephoneEvent);
        int lastEvent = received.ToList().FindLastIndex(p => p.PayloadType == TelephoneEvent);
        var events = received.Skip(firstEvent).Take(lastEvent - firstEvent + 1).ToList();
        Assert.All(events, p => Assert.Equal(TelephoneEvent, p.PayloadType));   // no audio slipped in between

        // Two events (one timestamp each): marker on the first packet, growing durations, the end sent three times.
        var digits = events.GroupBy(p => p.Timestamp).ToList();
        Assert.Equal(2, digits.Count);
        Assert.Equal(['1', '#'], digits.Select(d => "0123456789*#ABCD"[d.First().Payload[0]]));
        foreach (var digit in digits)
        {
            var packets = digit.ToList();
            Assert.True(packets[0].Marker, "the first packet of an event carries the marker");
            Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
            Assert.Equal(3, packets.Count(IsEnd));
            Assert.All(packets.TakeLast(3), p => Assert.True(IsEnd(p)));
            Assert.All(packets.TakeLast(3), p => Assert.Equal(800, Duration(p)));   // 100 ms at 8 kHz
            var durations = packets.Select(Duration).ToList();
            Assert.Equal(durations.Order(), durations);
        }

        // The events sit in the stream's timeline: after the last audio packet, and the audio resumes after them.
        var before = received[firstEvent - 1];
        var after = received[lastEvent + 1];
        Assert.True((int)(digits[0].Key - before.Timestamp) > 0, "the first event starts after the last relayed audio");
        Assert.True((int)(digits[1].Key - (digits[0].Key + 800)) >= 0, "the second event starts after the first one ended");
        Assert.True((int)(after.Timestamp - (digits[1].Key + 800)) >= 0, "the audio resumes after the last event");
        Assert.True(after.Marker, "the first audio packet after the events starts a talkspurt");

        // The caller's audio is relayed byte for byte before and after, each run in the caller's order.
        AssertCallerAudio(received.Take(firstEvent).ToList());
        var resumed = received.Skip(lastEvent + 1).ToList();
        AssertCallerAudio(resumed);
        Assert.True(Index(resumed[0]) > Index(before), "audio after the digits is newer than before them");

        // The call record: the digits as sent on the callee leg, then the callee leg's figures at hang-up.
        caller.HangUp();
        var done = Assert.Single(await gateway.WaitForRecordsAsync(1));
        var sent = done.Digits.Where(d => d.Direction == CallDigit.Sent).ToList();
        Assert.Equal(["1", "#"], sent.Select(d => d.Digit));
        Assert.All(sent, d => Assert.Equal(("callee", 100), (d.Leg, d.DurationMs)));
        Assert.Equal("", done.DigitString());   // received digits only: none came in
        var calleeLeg = Assert.Single(done.Media, m => m.Leg == "callee").Statistics;
        Assert.Equal(received.Count, calleeLeg.PacketsSent);
    }

    /// <summary>Packet n: its index in the first two bytes, then bytes that differ per packet.</summary>
    private static byte[] Pattern(long n)
    {
        var payload = new byte[160];
        for (int i = 2; i < payload.Length; i++) payload[i] = (byte)(i * 13 + n * 7);
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)n);
        return payload;
    }

    private static int Index(ReceivedRtp packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Payload);

    private static bool IsEnd(ReceivedRtp packet) => (packet.Payload[1] & 0x80) != 0;

    private static int Duration(ReceivedRtp packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Payload.AsSpan(2));

    private static void AssertCallerAudio(IReadOnlyList<ReceivedRtp> run)
    {
        Assert.NotEmpty(run);
        for (int i = 0; i < run.Count; i++)
        {
            Assert.Equal(SdpPayloadType.Pcma.Number, run[i].PayloadType);
            Assert.True(Pattern(Index(run[i])).AsSpan().SequenceEqual(run[i].Payload), $"audio packet {Index(run[i])} arrived changed");
            if (i > 0) Assert.Equal(Index(run[i - 1]) + 1, Index(run[i]));
        }
    }
}
