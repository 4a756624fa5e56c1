using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Sdp;

namespace Gateway.IntegrationTests.Media.Conference;

/// <summary>
/// Calls from our UA on loopback into <c>app:conference:ROOM</c> through the running gateway; each phone sends its own
/// sine as G.711 at 20 ms and decodes what it receives with NAudio (not the gateway's codec).
/// </summary>
public sealed class ConferenceCallTests(ITestOutputHelper output)
{
    private const string RoomNumber = "7000";
    private const short Amplitude = 6000;
    private const byte TelephoneEvent = 101;

    /// <summary>A tone counts as heard at ≥ −6 dB of the strongest bin; as absent at ≤ −35 dB (G.711 noise sits near −40 dB here).</summary>
    private const double HeardDb = -6;
    private const double AbsentDb = -35;

    /// <summary>Anything else in the spectrum (noise, distortion, a jitter-buffer adjustment inside the window) stays below this.</summary>
    private const double NothingElseDb = -30;

    /// <summary>A 20 ms frame is "silent" below this RMS; each tone alone has an RMS of about 4,200.</summary>
    private const double SilentRms = 300;

    [Fact]
    public async Task Three_callers_each_hear_exactly_the_other_two_tones_and_a_fourth_joins_and_leaves_without_a_gap()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var gateway = await LoopbackGatewayFixture.StartAsync(47000, [(RoomNumber, "app:conference:alpha")], test.Token);
        await using var a = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var b = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var c = await LoopbackPhone.StartAsync(SdpPayloadType.Pcmu, packetTimeMs: 30);
        await using var d = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(test.Token);
        var tones = new List<Task>();
        foreach (var (phone, frequency) in new[] { (a, 400.0), (b, 700.0), (c, 1100.0) })
        {
            await phone.CallAsync(gateway.SipPort, RoomNumber, test.Token);
            tones.Add(phone.StreamToneAsync(frequency, Amplitude, streaming.Token));
        }

        Assert.Equal(3, gateway.ConferenceRooms.Find("alpha")!.Room.MemberCount);
        int startA = a.Received.Count, startB = b.Received.Count, startC = c.Received.Count;
        await Task.WhenAll(a.WaitForPacketsAsync(startA + 60), b.WaitForPacketsAsync(startB + 60), c.WaitForPacketsAsync(startC + 40));

        AssertHears(a, [700, 1100], [400]);
        AssertHears(b, [400, 1100], [700]);
        AssertHears(c, [400, 700], [1100]);
        Assert.All(a.Received.Skip(startA), p => Assert.True(p.PayloadType == 8 && p.Payload.Length == 160, "A: PCMA 20 ms"));
        Assert.All(c.Received.Skip(startC), p => Assert.True(p.PayloadType == 0 && p.Payload.Length == 240, "C: PCMU 30 ms as it asked"));

        // A fourth party (1500 Hz) joins and leaves while the others talk.
        await d.CallAsync(gateway.SipPort, RoomNumber, test.Token);
        var fourth = d.StreamToneAsync(1500, Amplitude, streaming.Token);
        int joinedA = a.Received.Count;
        await a.WaitForPacketsAsync(joinedA + 40);
        var whileFour = ToneSpectrum.Of(a.DecodeReceived(joinedA + 10, joinedA + 40), 2048);
        Assert.True(whileFour.LevelDb(1500) >= HeardDb, $"A hears the fourth party: 1500 Hz at {whileFour.LevelDb(1500):F1} dB");
        d.HangUp();
        Assert.Single(await gateway.WaitForRecordsAsync(1));   // written after the room dropped D and closed its leg
        Assert.Equal(3, gateway.ConferenceRooms.Find("alpha")!.Room.MemberCount);
        int leftA = a.Received.Count, leftB = b.Received.Count, leftC = c.Received.Count;
        await Task.WhenAll(a.WaitForPacketsAsync(leftA + 30), b.WaitForPacketsAsync(leftB + 30), c.WaitForPacketsAsync(leftC + 20));
        var afterFour = ToneSpectrum.Of(a.DecodeReceived(leftA + 5), 2048);
        output.WriteLine($"A: 1500 Hz while D present {whileFour.LevelDb(1500):F1} dB, after D left {afterFour.LevelDb(1500):F1} dB");
        Assert.True(afterFour.LevelDb(1500) <= AbsentDb, $"1500 Hz gone after the fourth left: {afterFour.LevelDb(1500):F1} dB");

        // From 0.5 s after the third call (its first frames wait in the jitter buffer) over D's join and leave.
        foreach (var (phone, start, name) in new[] { (a, startA + 25, "A"), (b, startB + 25, "B"), (c, startC + 17, "C") })
        {
            int silent = LongestSilentRun(phone, start);
            output.WriteLine($"{name}: {phone.Received.Count - start} packets checked, longest silent run {silent}");
            Assert.True(silent == 0, $"{name} heard {silent} silent frames in a row while parties joined and left");
        }

        await streaming.CancelAsync();
        await Task.WhenAll([.. tones, fourth]);
        a.HangUp();
        b.HangUp();
        c.HangUp();
        var records = await gateway.WaitForRecordsAsync(4);
        Assert.All(records, r => Assert.NotNull(r.Answered));
        Assert.Equal(0, gateway.ConferenceRooms.Count);
    }

    [Fact]
    public async Task Calls_to_different_rooms_do_not_hear_each_other_and_a_meet_me_prefix_names_the_room_by_the_called_number()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var gateway = await LoopbackGatewayFixture.StartAsync(47400, [("7001", "app:conference:red"), ("75", "app:conference")], test.Token);
        await using var red1 = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var red2 = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var blue1 = await LoopbackPhone.StartAsync(SdpPayloadType.Pcmu);
        await using var blue2 = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(test.Token);
        var tones = new List<Task>();
        foreach (var (phone, number, frequency) in new[] { (red1, "7001", 400.0), (red2, "7001", 700.0), (blue1, "7502", 1100.0), (blue2, "7502", 1500.0) })
        {
            await phone.CallAsync(gateway.SipPort, number, test.Token);
            tones.Add(phone.StreamToneAsync(frequency, Amplitude, streaming.Token));
        }

        Assert.Equal(2, gateway.ConferenceRooms.Count);
        Assert.Equal(2, gateway.ConferenceRooms.Find("7502")!.Room.MemberCount);
        int start = red1.Received.Count, startBlue = blue1.Received.Count;
        await Task.WhenAll(red1.WaitForPacketsAsync(start + 45), blue1.WaitForPacketsAsync(startBlue + 45));
        AssertHears(red1, [700], [400, 1100, 1500]);
        AssertHears(blue1, [1500], [400, 700, 1100]);

        // Digits from the API reach red1 alone, as RFC 4733 events in place of its mix; the mix comes back after them.
        using var api = gateway.Api(LoopbackGatewayFixture.DispatcherToken);
        var sent = await api.PostAsJsonAsync($"/api/calls/{gateway.ActiveCall(red1.CallId!).Id}/digits", new { digits = "9", leg = "caller" }, test.Token);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await red1.WaitForReceivedAsync(r => r.Count(p => p.PayloadType == TelephoneEvent && (p.Payload[1] & 0x80) != 0) == 3
            && r[^1].PayloadType != TelephoneEvent);
        Assert.All(red1.Received.Where(p => p.PayloadType == TelephoneEvent), p => Assert.Equal(9, p.Payload[0]));
        foreach (var other in new[] { red2, blue1, blue2 }) Assert.DoesNotContain(other.Received, p => p.PayloadType == TelephoneEvent);

        await streaming.CancelAsync();
        await Task.WhenAll(tones);
        var phones = new[] { red1, red2, blue1, blue2 };
        // Each phone hears a little more, so its own last packets have reached the gateway before its BYE.
        await Task.WhenAll(phones.Select(p => p.WaitForPacketsAsync(p.Received.Count + 3)));
        foreach (var phone in phones) phone.HangUp();
        var records = await gateway.WaitForRecordsAsync(4);
        Assert.Equal(0, gateway.ConferenceRooms.Count);

        // Each call's record keeps its leg's figures: every packet its phone sent received, none lost.
        foreach (var phone in phones)
        {
            var record = Assert.Single(records, r => r.CallId == phone.CallId);
            var leg = Assert.Single(record.Media);
            output.WriteLine($"{record.Called}: phone sent {phone.Sent}, leg received {leg.Statistics.PacketsReceived}, lost {leg.Statistics.PacketsLost}, sent {leg.Statistics.PacketsSent}");
            Assert.Equal("caller", leg.Leg);
            Assert.Equal(phone.Sent, leg.Statistics.PacketsReceived);
            Assert.Equal(0, leg.Statistics.PacketsLost);
            Assert.InRange(leg.Statistics.PacketsSent, phone.Received.Count, long.MaxValue);
        }

        var digit = Assert.Single(Assert.Single(records, r => r.CallId == red1.CallId).Digits);
        Assert.Equal(("caller", "9", Gateway.Sip.Call.CallDigit.Sent), (digit.Leg, digit.Digit, digit.Direction));
    }

    private void AssertHears(LoopbackPhone phone, double[] heard, double[] absent)
    {
        var spectrum = ToneSpectrum.Of(phone.DecodeReceived());
        output.WriteLine($"port {phone.RtpPort}: " + string.Join(", ", heard.Concat(absent).Select(t => $"{t} Hz {spectrum.LevelDb(t):F1} dB")) +
            $", elsewhere {spectrum.StrongestElsewhereDb([.. heard]):F1} dB");
        foreach (var tone in heard) Assert.True(spectrum.LevelDb(tone) >= HeardDb, $"{tone} Hz should be heard: {spectrum.LevelDb(tone):F1} dB");
        foreach (var tone in absent) Assert.True(spectrum.LevelDb(tone) <= AbsentDb, $"{tone} Hz should be absent: {spectrum.LevelDb(tone):F1} dB");
        double elsewhere = spectrum.StrongestElsewhereDb([.. heard]);
        Assert.True(elsewhere <= NothingElseDb, $"nothing but {string.Join('/', heard)} Hz: strongest other component {elsewhere:F1} dB");
    }

    /// <summary>Longest run of consecutive silent packets from <paramref name="fromIndex"/> on.</summary>
    private static int LongestSilentRun(LoopbackPhone phone, int fromIndex)
    {
        int longest = 0, run = 0;
        foreach (var packet in phone.Received.Skip(fromIndex))
        {
            var pcm = G711.Decode(packet.PayloadType, packet.Payload);
            double rms = Math.Sqrt(pcm.Average(s => (double)s * s));
            run = rms < SilentRms ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
