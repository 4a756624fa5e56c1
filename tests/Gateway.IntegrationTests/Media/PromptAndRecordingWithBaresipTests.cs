using System.Net;
using System.Net.Http.Json;
using Gateway.Host.Sip;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// baresip as a real phone calls a prompt route that is recorded: baresip hears the prompt, the gateway records what
/// baresip sends (caller left) and what it played (right), the recording is as long as the call, the digits the
/// gateway sends after the prompt reach baresip, and the call record (with its recording) is on GET /api/calls.
/// </summary>
[Collection(BaresipCollection.Name)]
public sealed class PromptAndRecordingWithBaresipTests(ITestOutputHelper output)
{
    private const double MinimumSnrDb = 30;

    [Fact]
    public async Task Baresip_hears_the_prompt_and_the_recording_holds_both_directions_for_the_length_of_the_call()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var prompt = TestSignals.Chirp(3, 300, 3000);
        var callerSource = TestSignals.Chirp(9, 3200, 250, amplitude: 0.35);
        await using var gateway = await MediaGatewayFixture.StartAsync(prompt, 46000, ["--Gateway:Sip:Prompts:SendDigits=19#"], bound.Token);
        var completed = gateway.NextCompletedAsync();
        using var phone = new BaresipPhone(callerSource);

        await phone.DialAsync($"sip:7001@127.0.0.1:{gateway.SipPort}", seconds: 7, bound.Token);
        var record = await completed.WaitAsync(bound.Token);
        output.WriteLine(phone.Output);

        Assert.NotNull(record.Answered);
        Assert.Equal(200, record.EndStatus);

        // (a) What baresip received is the prompt.
        var (received, receivedFormat) = TestSignals.ReadChannel(phone.ReceivedWav());
        Assert.Equal(8000, receivedFormat.SampleRate);
        var heard = TestSignals.AlignedSnr(prompt, received);
        output.WriteLine($"prompt → baresip: SNR {heard.SnrDb:F1} dB over {heard.ComparedSamples} samples, offset {heard.Offset}");
        Assert.True(heard.ComparedSamples > 2 * TestSignals.SampleRate, $"only {heard.ComparedSamples} samples overlap");
        Assert.True(heard.SnrDb >= MinimumSnrDb, $"prompt as heard by baresip: SNR {heard.SnrDb:F1} dB");

        // (b) The recording: caller (what baresip sent) on the left, the prompt on the right.
        var recording = Assert.IsType<Gateway.Sip.Call.CallRecordingSummary>(record.Recording);
        var (left, format) = TestSignals.ReadChannel(recording.Path, channel: 0);
        var (right, _) = TestSignals.ReadChannel(recording.Path, channel: 1);
        Assert.Equal(2, format.Channels);
        var callerWhole = TestSignals.AlignedSnr(callerSource, left);
        var callerSide = TestSignals.BlockAlignedSnr(callerSource, left);
        output.WriteLine($"baresip → recording (left): SNR {callerSide.SnrDb:F1} dB block-aligned over {callerSide.ComparedSamples} samples; one alignment {callerWhole.SnrDb:F1} dB, offset {callerWhole.Offset}");
        Assert.True(callerSide.ComparedSamples > 2 * TestSignals.SampleRate, $"only {callerSide.ComparedSamples} samples compared");
        Assert.True(callerSide.SnrDb >= MinimumSnrDb, $"caller channel of the recording: SNR {callerSide.SnrDb:F1} dB");
        var playedSide = TestSignals.AlignedSnr(prompt, right);
        output.WriteLine($"prompt → recording (right): SNR {playedSide.SnrDb:F1} dB, offset {playedSide.Offset}");
        Assert.True(playedSide.SnrDb >= MinimumSnrDb, $"played channel of the recording: SNR {playedSide.SnrDb:F1} dB");

        // (c) The recording is as long as the call (answer → end) within 40 ms, and the record says so.
        var callLength = record.Ended!.Value - record.Answered!.Value;
        var fileLength = TimeSpan.FromSeconds((double)left.Length / format.SampleRate);
        output.WriteLine($"call {callLength.TotalMilliseconds:F0} ms, recording {fileLength.TotalMilliseconds:F0} ms");
        Assert.InRange(Math.Abs((fileLength - callLength).TotalMilliseconds), 0, 40);
        Assert.InRange(Math.Abs(recording.DurationMs - fileLength.TotalMilliseconds), 0, 1);

        // The caller leg's figures: as many packets as baresip encoded (its encoder dump, 160 samples a packet), none lost.
        var (encoded, _) = TestSignals.ReadChannel(phone.SentWav());
        var callerLeg = Assert.Single(record.Media).Statistics;
        output.WriteLine($"baresip encoded {encoded.Length / 160.0:F1} packets; caller leg received {callerLeg.PacketsReceived}, lost {callerLeg.PacketsLost}, sent {callerLeg.PacketsSent}");
        Assert.Equal("caller", Assert.Single(record.Media).Leg);
        Assert.InRange(callerLeg.PacketsReceived, encoded.Length / 160 - 2, encoded.Length / 160 + 2);
        Assert.Equal(0, callerLeg.PacketsLost);

        // The digits the gateway sent after the prompt reached baresip, in order, and the record has them as sent.
        Assert.Matches("(?s)1.*9.*#", string.Concat(System.Text.RegularExpressions.Regex.Matches(phone.Output, @"received event: '(.)' \(end=0\)").Select(m => m.Groups[1].Value)));
        Assert.Equal(["1", "9", "#"], record.Digits.Where(d => d.Direction == Gateway.Sip.Call.CallDigit.Sent).Select(d => d.Digit));

        // The record is on the API for call-takers, and not without a token.
        var view = await gateway.Http.GetFromJsonAsync<CallRecordView>($"/api/calls/{record.Id}", bound.Token);
        Assert.Equal(recording.Path, view!.Recording!.Path);
        Assert.Equal(recording.DurationMs, view.Recording.DurationMs);
        var list = await gateway.Http.GetFromJsonAsync<CallRecordView[]>("/api/calls", bound.Token);
        Assert.Contains(list!, c => c.Id == record.Id);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/calls", bound.Token)).StatusCode);
    }

    [Fact]
    public async Task Baresip_receives_the_digits_a_call_taker_sends_from_the_api_into_a_prompt_call()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var gateway = await MediaGatewayFixture.StartAsync(TestSignals.Chirp(2, 300, 3000), 39000, ["--Gateway:Sip:Prompts:Loop=true"], bound.Token);
        var completed = gateway.NextCompletedAsync();
        using var phone = new BaresipPhone(TestSignals.Chirp(9, 3200, 250, amplitude: 0.35));
        phone.StartDialing($"sip:7001@127.0.0.1:{gateway.SipPort}", seconds: 5);
        await phone.WaitForOutputAsync("Call established").WaitAsync(bound.Token);
        var id = Assert.Single(gateway.Records.ActiveCalls()).Id;

        var response = await gateway.Http.PostAsJsonAsync($"/api/calls/{id}/digits", new { digits = "4*7", leg = "caller", durationMs = 120 }, bound.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await phone.WaitForOutputAsync("received event: '7'").WaitAsync(bound.Token);
        var record = await completed.WaitAsync(bound.Token);
        output.WriteLine(phone.Output);

        // baresip reports each digit once, in order (the prompt loops, so the gateway sends nothing else).
        Assert.Equal("4*7", string.Concat(System.Text.RegularExpressions.Regex.Matches(phone.Output, @"received event: '(.)' \(end=0\)").Select(m => m.Groups[1].Value)));
        var sent = record.Digits.Where(d => d.Direction == Gateway.Sip.Call.CallDigit.Sent).ToList();
        Assert.Equal(["4", "*", "7"], sent.Select(d => d.Digit));
        Assert.All(sent, d => Assert.Equal(("caller", 120), (d.Leg, d.DurationMs)));

        // The API shows them as sent; the digit string is what came in (nothing).
        var view = await gateway.Http.GetFromJsonAsync<CallRecordView>($"/api/calls/{id}", bound.Token);
        Assert.Equal(["sent", "sent", "sent"], view!.Digits.Select(d => d.Direction));
        Assert.Equal("", view.DigitString);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.PostAsJsonAsync($"/api/calls/{id}/digits", new { digits = "1", leg = "caller" }, bound.Token)).StatusCode);
    }
}
