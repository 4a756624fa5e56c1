using System.Net.Http.Json;
using Gateway.Host.Sip;
using Gateway.IntegrationTests.Media.Support;
using Gateway.Sip.Call;
using Gateway.Sip.Sdp;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// baresip (playing a chirp from its aufile source, paced in real time) calls a recorded route that the gateway
/// bridges on the relay fast path to a callee phone of the test, which streams a 3.2 kHz tone back. The recording must
/// hold the caller on the left and the callee on the right, nothing of one in the other, as long as the call; the
/// mixed-mono option holds both.
/// </summary>
[Collection(BaresipCollection.Name)]
public sealed class BridgedCallRecordingWithBaresipTests(ITestOutputHelper output)
{
    private const double MinimumSnrDb = 30;
    private const double CalleeToneHz = 3200;
    private const short CalleeAmplitude = 8000;
    private const int RtpBase = 48000;
    private const string Number = "7100";

    [Theory]
    [InlineData("PCMA")]
    [InlineData("PCMU")]
    public async Task A_bridged_call_is_recorded_in_stereo_caller_left_callee_right_for_the_length_of_the_call(string codecName)
    {
        var callerSource = TestSignals.Chirp(9, 300, 2400, amplitude: 0.35);
        var (record, gateway) = await RecordCallAsync(callerSource, codecName, mono: false);
        await using var _ = gateway;

        var recording = Assert.IsType<CallRecordingSummary>(record.Recording);
        var (left, format) = TestSignals.ReadChannel(recording.Path, channel: 0);
        var (right, _) = TestSignals.ReadChannel(recording.Path, channel: 1);
        Assert.Equal(8000, format.SampleRate);
        Assert.Equal(2, format.Channels);
        Assert.Equal("StereoCallerLeft", recording.Layout);

        // Left: what baresip sent, on one time line (no re-synchronisation shifted it).
        var callerSide = TestSignals.AlignedSnr(callerSource, left);
        var callerBlocks = TestSignals.BlockAlignedSnr(callerSource, left);
        output.WriteLine($"{codecName} caller → left: SNR {callerSide.SnrDb:F1} dB (one alignment) over {callerSide.ComparedSamples} samples, {callerBlocks.SnrDb:F1} dB block-aligned");
        Assert.True(callerSide.ComparedSamples > 3 * TestSignals.SampleRate, $"only {callerSide.ComparedSamples} samples compared");
        Assert.True(callerSide.SnrDb >= MinimumSnrDb, $"caller channel: SNR {callerSide.SnrDb:F1} dB");

        // Right: the callee's tone from its first packet to the end, every 20 ms of it, and none of the chirp.
        var (first, last) = AudibleRange(right);
        Assert.True(last - first > 3 * TestSignals.SampleRate, $"callee channel has audio over {last - first} samples only");
        int silentFrames = CountSilentFrames(right, first, last);
        var worstOther = double.MinValue;
        for (int start = first; start + 4096 <= last; start += 4096)
        {
            var spectrum = ToneSpectrum.Of(right.AsSpan(start, 4096));
            Assert.True(spectrum.LevelDb(CalleeToneHz) > -1, $"right channel at {start}: the callee's tone is not the strongest");
            worstOther = Math.Max(worstOther, spectrum.StrongestElsewhereDb(CalleeToneHz));
        }
        // No crosstalk: the callee's tone is not in the caller's channel.
        var worstToneInLeft = double.MinValue;
        for (int start = first; start + 4096 <= last; start += 4096)
            worstToneInLeft = Math.Max(worstToneInLeft, ToneSpectrum.Of(left.AsSpan(start, 4096)).LevelDb(CalleeToneHz));
        output.WriteLine($"{codecName} callee → right: tone from {first / 8} to {last / 8} ms of {right.Length / 8} ms, {silentFrames} silent frames, strongest other component {worstOther:F1} dB; callee tone in the left channel {worstToneInLeft:F1} dB");
        Assert.Equal(0, silentFrames);
        // The callee talks until the hang-up, and its last words are in the file (not left in a buffer at the stop).
        Assert.True(right.Length - last <= 100 * 8, $"right channel: the last {(right.Length - last) / 8} ms are silent");
        Assert.True(worstOther < -30, $"right channel: something else at {worstOther:F1} dB");
        Assert.True(worstToneInLeft < -40, $"left channel: callee tone at {worstToneInLeft:F1} dB");

        await AssertLengthAndRecordAsync(record, recording, left.Length, gateway);
    }

    [Fact]
    public async Task The_mixed_mono_recording_of_a_bridged_call_holds_both_parties()
    {
        const double CallerToneHz = 500;
        var callerSource = TestSignals.Chirp(9, CallerToneHz, CallerToneHz, amplitude: 0.3);
        var (record, gateway) = await RecordCallAsync(callerSource, "PCMA", mono: true);
        await using var _ = gateway;

        var recording = Assert.IsType<CallRecordingSummary>(record.Recording);
        var (mono, format) = TestSignals.ReadChannel(recording.Path);
        Assert.Equal(1, format.Channels);
        Assert.Equal(8000, format.SampleRate);
        Assert.Equal("MixedMono", recording.Layout);
        // Where both talk (from a second in, to half a second before the end): both tones, little else.
        var middle = mono.AsSpan(TestSignals.SampleRate, mono.Length - (TestSignals.SampleRate * 3 / 2));
        int windows = 0;
        for (int start = 0; start + 4096 <= middle.Length; start += 4096, windows++)
        {
            var spectrum = ToneSpectrum.Of(middle.Slice(start, 4096));
            double caller = spectrum.LevelDb(CallerToneHz), callee = spectrum.LevelDb(CalleeToneHz), other = spectrum.StrongestElsewhereDb(CallerToneHz, CalleeToneHz);
            if (start == 0) output.WriteLine($"mono: caller tone {caller:F1} dB, callee tone {callee:F1} dB, other {other:F1} dB");
            Assert.True(caller > -6 && callee > -6, $"mono at {start}: caller {caller:F1} dB, callee {callee:F1} dB");
            Assert.True(other < -30, $"mono at {start}: something else at {other:F1} dB");
        }
        Assert.True(windows >= 5, $"only {windows} windows of both parties");

        await AssertLengthAndRecordAsync(record, recording, mono.Length, gateway);
    }

    /// <summary>baresip calls the recorded route; the callee answers and streams its tone until the call is over.</summary>
    private async Task<(CallRecord Record, MediaGatewayFixture Gateway)> RecordCallAsync(short[] callerSource, string codecName, bool mono)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var codec = codecName == "PCMA" ? SdpPayloadType.Pcma : SdpPayloadType.Pcmu;
        await using var callee = await LoopbackPhone.StartAsync(codec);
        var gateway = await MediaGatewayFixture.StartAsync(TestSignals.Chirp(1, 400, 900), RtpBase,
        [
            $"--Gateway:Sip:Routes:1:Prefix={Number}",
            $"--Gateway:Sip:Routes:1:Target=uri:sip:agent@127.0.0.1:{callee.SipPort}",
            "--Gateway:Sip:Routes:1:Record=true",
            $"--Gateway:Sip:Recording:Mode={(mono ? "mono" : "stereo")}",
        ], bound.Token);
        try
        {
            var completed = gateway.NextCompletedAsync();
            var answered = callee.AnswerNextCallAsync();
            using var phone = new BaresipPhone(callerSource, codecName);
            phone.StartDialing($"sip:{Number}@127.0.0.1:{gateway.SipPort}", seconds: 6);
            await answered.WaitAsync(bound.Token);
            using var streaming = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
            var tone = callee.StreamToneAsync(CalleeToneHz, CalleeAmplitude, streaming.Token);
            var record = await completed.WaitAsync(bound.Token);   // baresip hangs up when its -t time is over
            await streaming.CancelAsync();
            await tone;
            Assert.NotNull(record.Answered);
            Assert.Equal(codec, callee.Codec);
            return (record, gateway);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The file is as long as the call (answer → end) within 40 ms, and the call record and the API say so.</summary>
    private async Task AssertLengthAndRecordAsync(CallRecord record, CallRecordingSummary recording, int samples, MediaGatewayFixture gateway)
    {
        var callLength = record.Ended!.Value - record.Answered!.Value;
        var fileLength = TimeSpan.FromSeconds((double)samples / TestSignals.SampleRate);
        output.WriteLine($"call {callLength.TotalMilliseconds:F0} ms, recording {fileLength.TotalMilliseconds:F0} ms, record {recording.DurationMs} ms, {recording.Path}");
        Assert.InRange(Math.Abs((fileLength - callLength).TotalMilliseconds), 0, 40);
        Assert.InRange(Math.Abs(recording.DurationMs - fileLength.TotalMilliseconds), 0, 1);
        Assert.StartsWith("uri:", record.Route);
        var view = await gateway.Http.GetFromJsonAsync<CallRecordView>($"/api/calls/{record.Id}");
        Assert.Equal(recording.Path, view!.Recording!.Path);
        Assert.Equal(recording.DurationMs, view.Recording.DurationMs);
        Assert.Equal(recording.Layout, view.Recording.Layout);
    }

    private static (int First, int Last) AudibleRange(short[] samples) =>
        (Array.FindIndex(samples, x => Math.Abs((int)x) > 100), Array.FindLastIndex(samples, x => Math.Abs((int)x) > 100));

    /// <summary>20 ms frames without any sample above the noise between <paramref name="first"/> and <paramref name="last"/>: lost audio.</summary>
    private static int CountSilentFrames(short[] samples, int first, int last)
    {
        int silent = 0;
        for (int start = first; start + 160 <= last; start += 160)
        {
            if (!samples.AsSpan(start, 160).ToArray().Any(x => Math.Abs((int)x) > 100)) silent++;
        }
        return silent;
    }
}
