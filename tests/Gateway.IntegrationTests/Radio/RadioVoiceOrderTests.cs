using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Radio.Voice;
using Gateway.Simulators.Devices.Radio.Roip;
using Gateway.Sip.Call;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Radio;

/// <summary>
/// Voice orders end to end: baresip as the dispatcher's phone calls the radio number, the gateway sets up a group call on
/// the simulated TETRA terminal and bridges the call with the terminal's RoIP port; the simulator records what goes on
/// air per PTT burst. API orders: a stuck PTT cut by the TX timeout, emergency pre-emption.
/// </summary>
public sealed class RadioVoiceOrderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double DispatcherTone = 1000;
    private const double UnitTone = 600;
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(60));
    private RadioVoiceGateway? _started;

    private RadioVoiceGateway Harness => _started ?? throw new InvalidOperationException("start the gateway first");

    private CancellationToken Timeout => _safetyNet.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_started is not null) await _started.DisposeAsync();
        _safetyNet.Dispose();
    }

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    public async Task Dispatcher_tone_goes_on_air_only_while_ptt_is_granted_the_units_reply_reaches_the_dispatcher_and_hang_up_releases_ptt(int ptimeMs)
    {
        _started = await RadioVoiceGateway.StartAsync(ptimeMs, Timeout);
        // Talk 1.5 s, pause 3.5 s (the unit answers then), talk again for 1.5 s: the phone hangs up when its WAV ends, while
        // talking (every spurt within the TX timeout).
        short[] microphone = [.. ToneMeter.Tone(DispatcherTone, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.5)), .. ToneMeter.Tone(DispatcherTone, TimeSpan.FromSeconds(1.5))];
        var calls = Harness.App.Services.GetRequiredService<Gateway.Host.Sip.SipStack>().Calls!.Records;
        var callOver = new TaskCompletionSource<CallRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        calls.Completed += record => callOver.TrySetResult(record);
        var firstBurst = Harness.NextBurstAsync(Timeout);
        using var dispatcher = new BaresipDispatcher();

        dispatcher.Start(Harness.RadioNumberUri, microphone, processLimit: TimeSpan.FromSeconds(40));
        var talk = await firstBurst;
        var secondBurst = Harness.NextBurstAsync(Timeout);
        var replied = await Harness.Simulator.Network.PlayUnitReplyAsync(RadioVoiceGateway.Terminal, 2001, ToneMeter.Tone(UnitTone, TimeSpan.FromMilliseconds(1200)), Timeout);
        var lastTalk = await secondBurst;
        var record = await callOver.Task.WaitAsync(Timeout);
        await dispatcher.StopAsync();
        output.WriteLine(dispatcher.Output);

        // First talk spurt: keyed by voice, released by the hang time; all of it the dispatcher's tone.
        Assert.Equal(0, talk.Priority);
        Assert.Equal("AT+CUTXC", talk.Reason);
        Assert.InRange(talk.ReleasedAt - talk.GrantedAt, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(3.5));
        Assert.True(talk.FirstAudioAt >= talk.GrantedAt && talk.LastAudioAt <= talk.ReleasedAt);
        var recorded = WavPcm.Read(talk.WavPath!);
        // Said before the check: a CI run once recorded only 0.86 s of this spurt (cause not found yet).
        output.WriteLine($"first spurt: granted {talk.GrantedAt:HH:mm:ss.fff}, audio {talk.FirstAudioAt:HH:mm:ss.fff}–{talk.LastAudioAt:HH:mm:ss.fff}, released {talk.ReleasedAt:HH:mm:ss.fff}, {recorded.Length} samples recorded");
        Assert.InRange(recorded.Length, 8000 * 1.0, 8000 * 3.5);
        AssertToneThroughout(recorded, DispatcherTone, minimumVoiced: TimeSpan.FromSeconds(0.8));

        // Nothing reached the RoIP port outside a grant (a packet in flight at a release may race the AT+CUTXC).
        Assert.InRange(Harness.Roip.PacketsOutsidePtt, 0, 2);

        // The unit's reply was played to the dispatcher while the radio received.
        Assert.True(replied);
        var heard = dispatcher.ReadReceived();
        var replyShare = BestWindowShare(heard, UnitTone);
        Assert.True(replyShare > 0.8, $"unit reply in the dispatcher's received audio: {heard.Length} samples, best {UnitTone} Hz share {replyShare:F2}");

        // Hanging up while talking released PTT, then cleared the radio call.
        Assert.Equal("AT+CUTXC", lastTalk.Reason);
        AssertToneThroughout(WavPcm.Read(lastTalk.WavPath!), DispatcherTone, minimumVoiced: TimeSpan.FromSeconds(0.2));
        Assert.NotNull(record.Answered);
        Assert.False(Harness.Roip.Transmitting);
        Assert.Null(Harness.Simulator.Network.Air(RadioVoiceGateway.Terminal).ActiveCall);
        Assert.Equal(2, Harness.Roip.Bursts.Count);
        Assert.Equal(2, File.ReadAllLines(Harness.PttLogPath).Length);

        // The dispatcher leg's figures are in the call record: as many packets as baresip encoded (160 samples each), none lost.
        var leg = Assert.Single(record.Media);
        int encoded = dispatcher.ReadSent().Length / 160;
        output.WriteLine($"dispatcher leg: received {leg.Statistics.PacketsReceived} (baresip encoded {encoded}), lost {leg.Statistics.PacketsLost}, sent {leg.Statistics.PacketsSent}");
        Assert.Equal("caller", leg.Leg);
        Assert.Equal(0, leg.Statistics.PacketsLost);
        Assert.InRange(leg.Statistics.PacketsReceived, encoded - 2, encoded + 2);
    }

    [Fact]
    public async Task A_stuck_api_ptt_is_cut_by_the_tx_timeout_and_an_emergency_order_preempts_the_normal_one_and_a_talking_unit()
    {
        _started = await RadioVoiceGateway.StartAsync(20, Timeout);
        var normal = await StartOrderAsync("normal");
        var cut = Harness.NextBurstAsync(Timeout);
        using (var key = await Harness.Http.PostAsJsonAsync($"/api/radio/voice/{normal}/ptt", new { keyed = true }, Timeout))
            Assert.Equal(HttpStatusCode.OK, key.StatusCode);

        var stuck = await cut;
        Assert.Equal("AT+CUTXC", stuck.Reason);
        Assert.InRange(stuck.ReleasedAt - stuck.GrantedAt, RadioVoiceGateway.TxTimeout - TimeSpan.FromMilliseconds(200), RadioVoiceGateway.TxTimeout * 2);
        var view = await Harness.Http.GetFromJsonAsync<JsonElement>($"/api/radio/voice/{normal}", Timeout);
        Assert.False(view.GetProperty("keyed").GetBoolean());

        // A unit talks: half duplex refuses the normal order's PTT.
        var orders = Harness.App.Services.GetRequiredService<RadioVoiceOrders>();
        await UnitTalksAsync(orders.Find(normal)!);
        using (var refused = await Harness.Http.PostAsJsonAsync($"/api/radio/voice/{normal}/ptt", new { keyed = true }, Timeout))
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var busy = await Harness.Http.PostAsJsonAsync("/api/radio/voice", new { terminal = "t1" }, Timeout))
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);

        // The emergency order takes the radio: the normal one is gone.
        var emergency = await StartOrderAsync("emergency");
        using (var gone = await Harness.Http.GetAsync($"/api/radio/voice/{normal}", Timeout))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        // A unit talks on the emergency call too; emergency PTT pre-empts it (AT+CTXD priority 3).
        var unitTalk = await UnitTalksAsync(orders.Find(emergency)!);
        var emergencyBurst = Harness.NextBurstAsync(Timeout);
        using (var key = await Harness.Http.PostAsJsonAsync($"/api/radio/voice/{emergency}/ptt", new { keyed = true }, Timeout))
            Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        Assert.True(await unitTalk);
        Assert.Null(Harness.Simulator.Network.Air(RadioVoiceGateway.Terminal).TalkingUnit);
        using (var end = await Harness.Http.DeleteAsync($"/api/radio/voice/{emergency}", Timeout))
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);

        var preempting = await emergencyBurst;
        Assert.Equal(3, preempting.Priority);
        Assert.Equal("AT+CUTXC", preempting.Reason);
        Assert.Null(Harness.Simulator.Network.Air(RadioVoiceGateway.Terminal).ActiveCall);
        Assert.Equal(0, Harness.Roip.PacketsOutsidePtt);
    }

    private async Task<string> StartOrderAsync(string priority)
    {
        using var response = await Harness.Http.PostAsJsonAsync("/api/radio/voice", new { terminal = "t1", priority }, Timeout);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>(Timeout);
        Assert.Equal(priority, order.GetProperty("priority").GetString(), ignoreCase: true);
        return order.GetProperty("id").GetString()!;
    }

    /// <summary>Unit 2001 starts a long reply; returns once the gateway's order knows the radio receives.</summary>
    private async Task<Task<bool>> UnitTalksAsync(RadioVoiceSession order)
    {
        var receiving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        order.ReceivingChanged += (_, on) =>
        {
            if (on) receiving.TrySetResult();
        };
        var talk = Harness.Simulator.Network.PlayUnitReplyAsync(RadioVoiceGateway.Terminal, 2001, ToneMeter.Tone(UnitTone, TimeSpan.FromSeconds(20)), Timeout);
        await receiving.Task.WaitAsync(Timeout);
        return talk;
    }

    /// <summary>Nearly every 100 ms window of the recording with sound in it is the tone, and there are enough of them.</summary>
    private void AssertToneThroughout(short[] samples, double frequency, TimeSpan minimumVoiced)
    {
        const int window = 800;
        var shares = new List<double>();
        for (var start = 0; start + window <= samples.Length; start += window)
        {
            var part = samples.AsSpan(start, window);
            if (Gateway.Sip.Media.Vad.EnergyVoiceActivityDetector.LevelDbfs(part) > -30)
                shares.Add(ToneMeter.ShareAt(part, frequency));
        }

        output.WriteLine($"{samples.Length} samples; tone share per voiced 100 ms: {string.Join(' ', shares.Select(s => s.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(shares.Count * window >= minimumVoiced.TotalSeconds * 8000, $"only {shares.Count} voiced windows");
        // A window at the start or end of the spurt, or one with a jitter-buffer repair on a busy machine, is impure
        // but still mostly the tone; audio of any other frequency would have a share near 0.
        Assert.True(shares.Count(share => share > 0.3) >= 0.8 * shares.Count, $"too few windows hold the {frequency} Hz tone");
        Assert.True(shares.Order().ElementAt(shares.Count / 2) > 0.9, $"the median window is not the {frequency} Hz tone");
    }

    /// <summary>The best share of <paramref name="frequency"/> over 200 ms windows.</summary>
    private static double BestWindowShare(short[] samples, double frequency)
    {
        var best = 0.0;
        for (var start = 0; start + 1600 <= samples.Length; start += 800)
            best = Math.Max(best, ToneMeter.ShareAt(samples.AsSpan(start, 1600), frequency));
        return best;
    }
}
