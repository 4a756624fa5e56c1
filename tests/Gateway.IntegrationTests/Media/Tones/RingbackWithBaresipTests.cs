using Gateway.IntegrationTests.Media.Support;
using Gateway.IntegrationTests.Sip;
using Gateway.Sip.Call;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media.Tones;

/// <summary>
/// baresip, a real phone, calls through the gateway to a SIPp far end that only rings (180 without SDP): baresip takes
/// our 183 as early media and its own decoder dump holds the 450 Hz ringback, 1 s on then silence.
/// </summary>
[Collection(BaresipCollection.Name)]
public sealed class RingbackWithBaresipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Baresip_hears_our_450_hz_ringback_as_early_media_while_the_far_end_rings()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var farEndPort = SippRunner.FreePort();
        var farEnd = SippRunner.RunAsync([.. SippRunner.Bounded(1), "-sf", SippRunner.Scenario("agent-ringing-uas.xml"), "-p", farEndPort.ToString()], bound.Token);
        await using var gateway = await MediaGatewayFixture.StartAsync(TestSignals.Chirp(1, 300, 3000), 41000,
            ["--Gateway:Sip:Routes:1:Prefix=12345", $"--Gateway:Sip:Routes:1:Target=uri:sip:agent@127.0.0.1:{farEndPort}"], bound.Token);
        var completed = gateway.NextCompletedAsync();
        using var phone = new BaresipPhone(new short[8000 * 12]);   // baresip sends silence; its call ends when it quits
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: gateway up, SIPp far end on {farEndPort}");

        // baresip gives up 4 s after it started (CANCEL): 1 s of tone and some of the silence after it.
        CallRecord record;
        try
        {
            await phone.DialAsync($"sip:12345@127.0.0.1:{gateway.SipPort}", seconds: 4, bound.Token);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: baresip quit");
            record = await completed.WaitAsync(bound.Token);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: call record completed");
        }
        finally
        {
            // A run in CI once hung here for 90 s: say what baresip and the far end did.
            output.WriteLine(phone.Output);
            if (farEnd.IsCompletedSuccessfully) output.WriteLine((await farEnd).Describe());
        }

        Assert.Null(record.Answered);
        var (received, format) = TestSignals.ReadChannel(phone.ReceivedWav());
        Assert.Equal(8000, format.SampleRate);
        var runs = Cadence.Runs(received).SkipWhile(r => !r.On).ToList();   // baresip's dump may start before the first packet
        output.WriteLine($"baresip heard: {Cadence.Describe(runs)}");
        Assert.True(runs.Count >= 2 && runs[0].On, Cadence.Describe(runs));
        // baresip's jitter buffer may stretch or cut a frame at the start of the stream.
        Assert.InRange(runs[0].Seconds, 0.94, 1.06);
        // Then silence until baresip quits (its -t counts from its start, so a loaded machine records less of it), or the
        // full 4 s before the next burst.
        Assert.True(runs[1].Seconds >= 0.2 && (runs.Count == 2 || runs[1].Seconds >= 3.98), Cadence.Describe(runs));
        var burst = received.AsSpan(Array.FindIndex(received, x => Math.Abs((int)x) > 1000), 4096);
        var spectrum = ToneSpectrum.Of(burst, 4096);
        Assert.True(spectrum.LevelDb(450) > -1 && spectrum.StrongestElsewhereDb(450) < -30, $"450 Hz burst, others at {spectrum.StrongestElsewhereDb(450):F1} dB");
        var far = await farEnd;
        Assert.True(far.ExitCode == 0, "far end (ring, CANCEL, 487): " + far.Describe());
    }
}
