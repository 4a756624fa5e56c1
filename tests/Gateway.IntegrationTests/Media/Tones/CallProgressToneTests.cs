using Xunit.Abstractions;
using Gateway.IntegrationTests.Media.Support;
using Gateway.IntegrationTests.Sip;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.IntegrationTests.Media.Tones;

/// <summary>
/// Ringback, busy tone and hold music in bridged calls through the running gateway, between two loopback phones
/// (our UA for SIP, plain sockets and NAudio's G.711 for RTP). Cadences are measured on the audio the caller received,
/// in samples, not on the wall clock.
/// </summary>
public sealed class CallProgressToneTests(ITestOutputHelper output)
{
    private const double ToneHz = 450;

    [Fact]
    public async Task Caller_hears_450_hz_ringback_1_s_on_4_s_off_while_the_far_end_rings_then_only_the_relayed_call()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // Default settings: LocalRingback is on.
        await using var call = await DialAsync(59000, SdpPayloadType.Pcma, test.Token);
        var (caller, callee, gateway, incoming, answered) = call;
        var ringing = await incoming.WaitAsync(test.Token);
        ringing.Ring();   // 180 without SDP

        // 1 s on, 4 s off, and the next burst under way: 50 packets a second.
        await caller.WaitForPacketsAsync(280);
        ringing.Answer(callee.PendingAnswer!);
        await answered.WaitAsync(TimeSpan.FromSeconds(15), test.Token);
        // 2 s of call audio each way, paced like phones: a ringback still running after the 200 would interleave with it.
        await Task.WhenAll(SendPacedAsync(callee, side: 2, from: 0, count: 100, test.Token), SendPacedAsync(caller, side: 1, from: 0, count: 100, test.Token));
        await caller.WaitForPacketsAsync(p => IsPattern(p, side: 2), 100);
        await callee.WaitForPacketsAsync(p => IsPattern(p, side: 1), 100);

        Assert.Equal([(183, true)], caller.Provisionals);   // our SDP in a 183, no bare 180
        var stream = InSequence(caller.Received);
        Assert.Single(stream.Select(p => p.Ssrc).Distinct());   // one source from ringback to the call
        int firstRelayed = stream.FindIndex(p => IsPattern(p, side: 2));
        var tone = stream.Take(firstRelayed).ToList();
        Assert.DoesNotContain(stream.Skip(firstRelayed), p => !IsPattern(p, side: 2));   // no ringback packet among the call's
        AssertRelayedInOrder(stream.Skip(firstRelayed).ToList(), side: 2);
        AssertRelayedInOrder(InSequence(callee.Received), side: 1);

        var pcm = Decode(tone);
        var runs = Cadence.Runs(pcm);
        output.WriteLine($"ringback as received: {Cadence.Describe(runs)}; {tone.Count} tone packets, then {stream.Count - firstRelayed} relayed");
        Assert.True(runs.Count >= 3, $"expected on/off/on, got {Cadence.Describe(runs)}");
        Assert.True(runs[0].On, Cadence.Describe(runs));
        Assert.InRange(runs[0].Seconds, 0.98, 1.02);   // 1 s on
        Assert.InRange(runs[1].Seconds, 3.98, 4.02);   // 4 s off
        Assert.True(runs[2].On);
        var spectrum = ToneSpectrum.Of(pcm.AsSpan(0, runs[0].Samples), 4096);
        Assert.True(spectrum.LevelDb(ToneHz) > -1, "450 Hz is the strongest component");
        Assert.True(spectrum.StrongestElsewhereDb(ToneHz) < -30, $"other components at {spectrum.StrongestElsewhereDb(ToneHz):F1} dB");

        caller.HangUp();
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.NotNull(record.Answered);
    }

    [Fact]
    public async Task Sipp_far_end_ringing_with_a_bare_180_gives_the_caller_our_ringback_until_it_cancels()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var farEndPort = SippRunner.FreePort();
        // SIPp answers the INVITE with 180 (no SDP) and waits for the CANCEL.
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("agent-ringing-uas.xml"), "-p", farEndPort.ToString()], test.Token);
        await using var caller = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
        await using var gateway = await LoopbackGatewayFixture.StartAsync(59800, [("", $"uri:sip:agent@127.0.0.1:{farEndPort}")], test.Token);
        var answered = caller.PlaceCall(gateway.SipPort, "12345");
        await caller.WaitForPacketsAsync(80);   // 1 s on and 0.6 s of the silence after it
        caller.Cancel();

        var far = await farEnd;
        Assert.True(far.ExitCode == 0, "far end: " + far.Describe());
        await Assert.ThrowsAsync<CallFailedException>(() => answered.WaitAsync(TimeSpan.FromSeconds(15), test.Token));
        Assert.Equal([(183, true)], caller.Provisionals);
        var runs = Cadence.Runs(Decode(InSequence(caller.Received).Take(80)));
        output.WriteLine($"ringback from a SIPp far end's 180: {Cadence.Describe(runs)}");
        Assert.True(runs.Count == 2 && runs[0].On && !runs[1].On, Cadence.Describe(runs));
        Assert.InRange(runs[0].Seconds, 0.98, 1.02);
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Null(record.Answered);
        Assert.Equal(487, record.EndStatus);
    }

    [Fact]
    public async Task Far_end_early_media_replaces_our_ringback_on_the_same_stream()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await DialAsync(59200, SdpPayloadType.Pcmu, test.Token);
        var (caller, callee, gateway, incoming, answered) = call;
        var ringing = await incoming.WaitAsync(test.Token);
        ringing.Ring();
        await caller.WaitForPacketsAsync(25);   // our ringback plays

        ringing.Ring(183, "Session Progress", callee.PendingAnswer);   // the far end's own announcement
        // Sent like a phone, every 20 ms: what arrives before the gateway has read the 183 is dropped, as it should be.
        int sent = await SendPacedAsync(callee, side: 2, from: 0, count: 200, test.Token, until: () => caller.Received.Count(p => IsPattern(p, side: 2)) >= 50);
        int early = caller.Received.Count(p => IsPattern(p, side: 2));
        ringing.Answer(callee.PendingAnswer!);
        await answered.WaitAsync(TimeSpan.FromSeconds(15), test.Token);
        await SendPacedAsync(callee, side: 2, from: sent, count: 50, test.Token);
        await caller.WaitForPacketsAsync(p => IsPattern(p, side: 2), early + 50);

        Assert.Equal([(183, true)], caller.Provisionals);   // the far 183 needs no second one: the caller has our SDP
        var stream = InSequence(caller.Received);
        Assert.Single(stream.Select(p => p.Ssrc).Distinct());
        int firstRelayed = stream.FindIndex(p => IsPattern(p, side: 2));
        Assert.True(firstRelayed >= 25, $"ringback before the far end's media: {firstRelayed} packets");
        Assert.True(Cadence.Runs(Decode(stream.Take(firstRelayed))).First().On, "our ringback came first");
        // Early media and the call, unchanged and in order, no tone between (the first patterns may have come too early).
        AssertRelayedInOrder(stream.Skip(firstRelayed).ToList(), side: 2, firstNumber: PatternNumber(stream[firstRelayed]));
        caller.HangUp();
        await gateway.WaitForRecordsAsync(1);
    }

    [Fact]
    public async Task Busy_far_end_gives_the_caller_the_busy_cadence_then_486_when_the_busy_tone_is_on()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await DialAsync(59400, SdpPayloadType.Pcma, test.Token, "--Gateway:Sip:BusyToneMs=2000");
        var (caller, callee, gateway, incoming, answered) = call;
        (await incoming.WaitAsync(test.Token)).Reject(486, "Busy Here");

        var failure = await Assert.ThrowsAsync<CallFailedException>(() => answered.WaitAsync(TimeSpan.FromSeconds(20), test.Token));
        Assert.Equal(486, failure.StatusCode);
        Assert.Equal([(183, true)], caller.Provisionals);
        var pcm = Decode(InSequence(caller.Received));
        var runs = Cadence.Runs(pcm);
        output.WriteLine($"busy tone as received ({caller.Received.Count} packets before the 486): {Cadence.Describe(runs)}");
        // At least one whole on/off cycle and the next burst (2 s were played; a loaded machine may deliver less).
        Assert.True(runs.Count >= 3, Cadence.Describe(runs));
        Assert.True(runs[0].On, Cadence.Describe(runs));
        Assert.InRange(runs[0].Seconds, 0.33, 0.37);   // 0.35 s on
        Assert.InRange(runs[1].Seconds, 0.33, 0.37);   // 0.35 s off
        var spectrum = ToneSpectrum.Of(pcm.AsSpan(0, runs[0].Samples), 2048);
        Assert.True(spectrum.LevelDb(ToneHz) > -1 && spectrum.StrongestElsewhereDb(ToneHz) < -30, "a clean 450 Hz burst");
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Null(record.Answered);
        Assert.Equal(486, record.EndStatus);
    }

    [Fact]
    public async Task Caller_hanging_up_during_the_busy_tone_ends_the_call_there()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await DialAsync(59700, SdpPayloadType.Pcma, test.Token, "--Gateway:Sip:BusyToneMs=20000");
        var (caller, _, gateway, incoming, answered) = call;
        (await incoming.WaitAsync(test.Token)).Reject(486, "Busy Here");
        await caller.WaitForPacketsAsync(20);   // the busy tone plays
        caller.Cancel();

        var failure = await Assert.ThrowsAsync<CallFailedException>(() => answered.WaitAsync(TimeSpan.FromSeconds(15), test.Token));
        Assert.Equal(487, failure.StatusCode);   // the CANCEL's answer, long before the 20 s of tone are over
        var record = Assert.Single(await gateway.WaitForRecordsAsync(1));
        Assert.Equal(487, record.EndStatus);
    }

    [Fact]
    public async Task Busy_far_end_is_passed_on_at_once_by_default()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var call = await DialAsync(59500, SdpPayloadType.Pcma, test.Token);
        var (caller, callee, gateway, incoming, answered) = call;
        (await incoming.WaitAsync(test.Token)).Reject(486, "Busy Here");

        var failure = await Assert.ThrowsAsync<CallFailedException>(() => answered.WaitAsync(TimeSpan.FromSeconds(20), test.Token));
        Assert.Equal(486, failure.StatusCode);
        Assert.Empty(caller.Provisionals);
        Assert.Empty(caller.Received);   // a tone would have been sent before the failure
        await gateway.WaitForRecordsAsync(1);
    }

    [Fact]
    public async Task Held_party_hears_the_hold_music_wav_and_the_relay_comes_back_on_unhold()
    {
        using var test = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var folder = Directory.CreateTempSubdirectory("gw-hold-").FullName;
        try
        {
            // 16 kHz on disk, so the gateway resamples it (NAudio) to the call's 8 kHz: 440 Hz and 1 kHz, 2 s (whole cycles
            // of both, so the loop has no seam).
            var wav = Path.Combine(folder, "hold.wav");
            var onDisk = new short[32000];
            for (int i = 0; i < onDisk.Length; i++)
                onDisk[i] = (short)Math.Round((9000 * Math.Sin(2 * Math.PI * 440 * i / 16000)) + (6000 * Math.Sin(2 * Math.PI * 1000 * i / 16000)));
            TestSignals.WriteWav(wav, onDisk, sampleRate: 16000);
            await using var caller = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
            await using var callee = await LoopbackPhone.StartAsync(SdpPayloadType.Pcma);
            await using var gateway = await LoopbackGatewayFixture.StartAsync(59600, [("", $"uri:sip:agent@127.0.0.1:{callee.SipPort}")], test.Token,
                [$"--Gateway:Sip:HoldMusic={wav}"]);
            var calleeAnswered = callee.AnswerNextCallAsync();
            await caller.CallAsync(gateway.SipPort, "12345", test.Token);
            await calleeAnswered.WaitAsync(test.Token);
            for (int n = 0; n < 20; n++) caller.Send(Pattern(side: 1, n));
            await callee.WaitForPacketsAsync(p => IsPattern(p, side: 1), 20);

            caller.Hold(true);
            await callee.WaitForReofferAsync(SdpDirection.SendOnly);   // the held phone is told we send, it listens
            for (int n = 20; n < 30; n++) caller.Send(Pattern(side: 1, n));   // the holder's audio does not reach it
            await callee.WaitForPacketsAsync(p => !IsPattern(p, side: 1), 150);   // 3 s of music

            caller.Hold(false);
            await callee.WaitForReofferAsync(SdpDirection.SendRecv);
            for (int n = 30; n < 50; n++) caller.Send(Pattern(side: 1, n));
            await callee.WaitForPacketsAsync(p => IsPattern(p, side: 1) && PatternNumber(p) >= 30, 20);

            var stream = InSequence(callee.Received);
            Assert.Single(stream.Select(p => p.Ssrc).Distinct());
            Assert.DoesNotContain(stream, p => IsPattern(p, side: 1) && PatternNumber(p) is >= 20 and < 30);
            int holdStart = stream.FindIndex(p => !IsPattern(p, side: 1));
            int holdEnd = stream.FindIndex(holdStart, p => IsPattern(p, side: 1));
            Assert.True(holdStart == 20 && holdEnd > holdStart, $"relay, music, relay: music from {holdStart} to {holdEnd}");
            Assert.DoesNotContain(stream.Skip(holdEnd), p => !IsPattern(p, side: 1));   // the relay is back, no music left
            AssertRelayedInOrder(stream.Skip(holdEnd).ToList(), side: 1, firstNumber: 30);

            var music = Decode(stream.Skip(holdStart).Take(holdEnd - holdStart));
            Assert.True(music.Length >= 2 * 8000, $"{music.Length} samples of music");
            var second = music.AsSpan(4000, 8000);   // a whole second from inside the music
            var (snr, amplitudes) = SineFit.Of(second, 440, 1000);
            output.WriteLine($"hold music: {holdEnd - holdStart} packets, SNR {snr:F1} dB, 440 Hz {amplitudes[0]:F0}, 1 kHz {amplitudes[1]:F0} (WAV 9000 / 6000)");
            Assert.True(snr > 30, $"hold music SNR against the WAV's two tones {snr:F1} dB");
            Assert.InRange(amplitudes[0], 8500, 9500);   // the WAV's levels: NAudio's resampler and G.711 keep them
            Assert.InRange(amplitudes[1], 5600, 6400);
            var spectrum = ToneSpectrum.Of(second, 4096);
            Assert.True(spectrum.StrongestElsewhereDb(440, 1000) < -30, $"other components at {spectrum.StrongestElsewhereDb(440, 1000):F1} dB");
            caller.HangUp();
            await gateway.WaitForRecordsAsync(1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A caller phone calling 12345 through the gateway to a callee phone, which has the call but has not rung yet.</summary>
    private sealed record DialledCall(LoopbackPhone Caller, LoopbackPhone Callee, LoopbackGatewayFixture Gateway, Task<IncomingSession> Incoming, Task Answered)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Callee.DisposeAsync();
            await Caller.DisposeAsync();
        }
    }

    private static async Task<DialledCall> DialAsync(int rtpBase, SdpPayloadType codec, CancellationToken cancellationToken, params string[] settings)
    {
        var caller = await LoopbackPhone.StartAsync(codec);
        var callee = await LoopbackPhone.StartAsync(codec);
        var gateway = await LoopbackGatewayFixture.StartAsync(rtpBase, [("", $"uri:sip:agent@127.0.0.1:{callee.SipPort}")], cancellationToken, settings);
        var incoming = callee.TakeNextCallAsync();
        return new DialledCall(caller, callee, gateway, incoming, caller.PlaceCall(gateway.SipPort, "12345"));
    }

    /// <summary>
    /// Sends patterns numbered <paramref name="from"/> on, one every 20 ms like a phone, <paramref name="count"/> of them or
    /// until <paramref name="until"/> holds; returns the next number.
    /// </summary>
    private static async Task<int> SendPacedAsync(LoopbackPhone phone, int side, int from, int count, CancellationToken cancellationToken, Func<bool>? until = null)
    {
        int next = from;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (next < from + count && until?.Invoke() != true && await pace.WaitForNextTickAsync(cancellationToken)) phone.Send(Pattern(side, next++));
        return next;
    }

    private static byte[] Pattern(int side, int packet)
    {
        var payload = new byte[160];
        payload[0] = (byte)side;
        payload[1] = (byte)packet;
        // The rest changes with every byte value so a touched byte shows; A-law/µ-law of it is noise, never a tone.
        for (int i = 2; i < payload.Length; i++) payload[i] = (byte)(i * 13 + packet * 7 + side * 101);
        return payload;
    }

    private static bool IsPattern(ReceivedRtp packet, int side) =>
        packet.Payload.Length == 160 && packet.Payload[0] == side && packet.Payload.AsSpan().SequenceEqual(Pattern(side, packet.Payload[1]));

    private static int PatternNumber(ReceivedRtp packet) => packet.Payload[1];

    /// <summary>The packets in the order the sender numbered them (sequence numbers relative to the first, wrapping).</summary>
    private static List<ReceivedRtp> InSequence(IReadOnlyList<ReceivedRtp> received) =>
        received.Count == 0 ? [] : [.. received.OrderBy(p => (ushort)(p.Sequence - received[0].Sequence))];

    /// <summary>Relayed patterns arrive unchanged, each once, numbered on from <paramref name="firstNumber"/>, with consecutive sequence numbers.</summary>
    private static void AssertRelayedInOrder(List<ReceivedRtp> relayed, int side, int firstNumber = 0)
    {
        for (int i = 0; i < relayed.Count; i++)
        {
            Assert.True(IsPattern(relayed[i], side), $"packet {i} is not the far end's payload");
            Assert.Equal(firstNumber + i, PatternNumber(relayed[i]));
            if (i > 0) Assert.Equal((ushort)(relayed[i - 1].Sequence + 1), relayed[i].Sequence);
        }
    }

    private static short[] Decode(IEnumerable<ReceivedRtp> packets) => [.. packets.SelectMany(p => G711.Decode(p.PayloadType, p.Payload))];
}
