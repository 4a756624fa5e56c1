using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Host.Sip;
using Gateway.IntegrationTests.Dispatch;
using Gateway.IntegrationTests.Sip;
using Gateway.Sip.Call.Records;
using NAudio.Wave;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// The real gateway process records a call from baresip and is killed with SIGKILL in the middle of it. After the
/// restart the WAV is repaired and readable, holds what was received up to the kill, and the call record is there.
/// </summary>
[Collection(BaresipCollection.Name)]
public sealed class RecordingCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "crash-media-call-taker-0123456789";
    private static readonly TimeSpan CallBeforeKill = TimeSpan.FromMilliseconds(1500);

    private readonly string _dir = Directory.CreateTempSubdirectory("gw-media-crash-").FullName;
    private readonly int _sipPort = SippRunner.FreePort();
    private GatewayProcessRunner _gateway = null!;

    public Task InitializeAsync()
    {
        var prompts = Directory.CreateDirectory(Path.Combine(_dir, "prompts")).FullName;
        TestSignals.WriteWav(Path.Combine(prompts, "hold.wav"), TestSignals.Chirp(1, 400, 900, amplitude: 0.2));
        var config = new
        {
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning", ["Microsoft.Hosting.Lifetime"] = "Information" } },
            Gateway = new
            {
                Http = new { Url = "http://127.0.0.1:0" },
                Storage = new { DataDirectory = Path.Combine(_dir, "data") },
                Api = new { Clients = new[] { new { Name = "crash-desk", Token, Role = "call-taker" } } },
                Sip = new
                {
                    Enabled = true,
                    Listeners = new[] { new { Protocol = "udp", Address = $"127.0.0.1:{_sipPort}" } },
                    RtpPortMin = 47000,
                    RtpPortMax = 47999,
                    Trunks = new[] { new { Name = "phones", Sources = new[] { "127.0.0.1" } } },
                    Routes = new[] { new { Prefix = "7002", Target = "app:prompt:hold.wav", Record = true } },
                    Prompts = new { Directory = prompts, Loop = true },
                },
            },
        };
        var configFile = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(config));
        _gateway = new GatewayProcessRunner(_dir, configFile);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_recording_cut_by_SIGKILL_is_repaired_at_restart_and_its_call_record_is_kept()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var callerSource = TestSignals.Chirp(8, 3000, 300, amplitude: 0.35);
        await _gateway.StartAsync(bound.Token);
        using var phone = new BaresipPhone(callerSource);
        phone.StartDialing($"sip:7002@127.0.0.1:{_sipPort}", seconds: 15);
        await phone.WaitForOutputAsync("Call established").WaitAsync(bound.Token);
        var established = Stopwatch.StartNew();
        await Task.Delay(CallBeforeKill, bound.Token);   // the call's length before the crash, not a wait for an event
        var callLength = established.Elapsed;
        await _gateway.KillAsync();

        var (_, address) = await _gateway.StartAsync(bound.Token);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var calls = await http.GetFromJsonAsync<CallRecordView[]>("/api/calls", bound.Token);
        output.WriteLine(_gateway.RecentOutput);

        var call = Assert.Single(calls!);
        Assert.False(call.Active);
        Assert.Equal(InterruptedCallRecovery.EndCause, call.EndCause);
        Assert.NotNull(call.Answered);
        var recording = Assert.IsType<Gateway.Sip.Call.CallRecordingSummary>(call.Recording);

        using (var reader = new WaveFileReader(recording.Path))
        {
            Assert.Equal(8000, reader.WaveFormat.SampleRate);
            Assert.Equal(2, reader.WaveFormat.Channels);
            output.WriteLine($"call before the kill ≈ {callLength.TotalMilliseconds:F0} ms, repaired recording {reader.TotalTime.TotalMilliseconds:F0} ms, record {recording.DurationMs} ms");
            Assert.InRange(Math.Abs(reader.TotalTime.TotalMilliseconds - recording.DurationMs), 0, 1);
            // Up to 260 ms may be lost with the process: the 160 ms the recording is written behind real time, and the
            // 100 ms header refresh interval. The call's start is when we read baresip's "Call established" line, which
            // under load reaches us up to ~1 s after the gateway answered (seen 700 ms in CI), so the recording may be
            // that much longer than our measure of the call.
            Assert.InRange(reader.TotalTime.TotalMilliseconds, callLength.TotalMilliseconds - 400, callLength.TotalMilliseconds + 1000);
            Assert.Equal(call.Answered!.Value + TimeSpan.FromMilliseconds(recording.DurationMs), call.Ended);
        }
        var (left, _) = TestSignals.ReadChannel(recording.Path, channel: 0);
        var received = TestSignals.BlockAlignedSnr(callerSource, left);
        output.WriteLine($"caller channel up to the kill: SNR {received.SnrDb:F1} dB over {received.ComparedSamples} samples");
        Assert.True(received.SnrDb >= 30, $"caller channel after repair: SNR {received.SnrDb:F1} dB");
    }
}
