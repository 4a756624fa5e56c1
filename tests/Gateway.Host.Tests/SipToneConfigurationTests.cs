namespace Gateway.Host.Tests;

/// <summary>Ringback, busy tone and hold music settings are checked at start: a bad one stops the gateway naming the key.</summary>
public sealed class SipToneConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-tones-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--Gateway:Sip:HoldMusic=no-such-hold.wav", "Gateway:Sip:HoldMusic: file 'no-such-hold.wav' not found")]
    [InlineData("--Gateway:Sip:HoldMusic=not-a-wav.txt", "Gateway:Sip:HoldMusic: 'not-a-wav.txt' is not a playable WAV")]
    [InlineData("--Gateway:Sip:BusyToneMs=60000", "Gateway:Sip:BusyToneMs: must be 0–30000")]
    [InlineData("--Gateway:Sip:BusyToneMs=-1", "Gateway:Sip:BusyToneMs: must be 0–30000")]
    [InlineData("--Gateway:Sip:LocalRingback=sometimes", "Gateway:Sip:LocalRingback")]
    public async Task Invalid_tone_setting_stops_startup_with_exit_2_naming_the_key(string argument, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "not-a-wav.txt"), "this is text, not RIFF audio");
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--Gateway:Http:Url=http://127.0.0.1:0",
            "--Gateway:Sip:Enabled=true", "--Gateway:Sip:Listeners:0:Protocol=udp", "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0", argument);

        Assert.Equal(2, exit);
        Assert.Contains("configuration error", stderr);
        Assert.Contains(message, stderr);
    }
}
