namespace Gateway.Host.Tests;

public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--Gateway:Http:Url=nonsense", "Gateway:Http:Url")]
    [InlineData("--Gateway:Http:Url=ftp://127.0.0.1:21", "Gateway:Http:Url")]
    [InlineData("--Gateway:Shutdown:DeviceStopTimeout=abc", "Gateway:Shutdown:DeviceStopTimeout")]
    [InlineData("--Gateway:Storage:Provider=Postgres", "Gateway:Storage:ConnectionString")]
    [InlineData("--Gateway:Storage:Provider=Oracle", "Gateway:Storage:Provider")]
    [InlineData("--Gateway:Serial:Devices:0:Name=tetra1", "Gateway:Serial:Devices:0:Address")]
    [InlineData("--Gateway:Api:Clients:0:Name=x", "Gateway:Api:Clients:0:Token")]
    public async Task Invalid_value_stops_startup_with_nonzero_exit_naming_the_key(string argument, string key)
    {
        // A free port, so that if validation wrongly passed the host would start rather than
        // collide; RunToExitAsync then times out and the test fails.
        string[] args = argument.StartsWith("--Gateway:Http:Url", StringComparison.Ordinal)
            ? [argument]
            : ["--Gateway:Http:Url=http://127.0.0.1:0", argument];
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, args);

        Assert.Equal(2, exit);
        Assert.Contains("configuration error", stderr);
        Assert.Contains(key, stderr);
    }

    [Theory]
    [InlineData("--Gateway:Sip:RtpReceiveNice=-30", "Gateway:Sip:RtpReceiveNice")]
    [InlineData("--Gateway:Sip:RtpReceiveThreads=500", "Gateway:Sip:RtpReceiveThreads")]
    [InlineData("--Gateway:Sip:RtpReceiveModel=Turbo", "Gateway:Sip:RtpReceiveModel")]
    [InlineData("--Gateway:Sip:RtpReceiveRealtimePriority=100", "Gateway:Sip:RtpReceiveRealtimePriority")]
    public async Task Invalid_rtp_receive_setting_stops_startup_naming_the_key(string argument, string key)
    {
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--Gateway:Http:Url=http://127.0.0.1:0",
            "--Gateway:Sip:Enabled=true", "--Gateway:Sip:Listeners:0:Protocol=udp", "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0", argument);

        Assert.Equal(2, exit);
        Assert.Contains("configuration error", stderr);
        Assert.Contains(key, stderr);
    }

    [Fact]
    public async Task Route_to_an_unknown_call_application_stops_startup_naming_the_route()
    {
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--Gateway:Http:Url=http://127.0.0.1:0",
            "--Gateway:Sip:Enabled=true", "--Gateway:Sip:Listeners:0:Protocol=udp", "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            "--Gateway:Sip:Routes:0:Prefix=119", "--Gateway:Sip:Routes:0:Target=app:nosuch:room");

        Assert.Equal(2, exit);
        Assert.Contains("Gateway:Sip:Routes:0:Target", stderr);
        Assert.Contains("no call application 'nosuch'", stderr);
    }

    [Fact]
    public async Task Config_file_that_does_not_exist_is_named()
    {
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--config", "missing.json");
        Assert.Equal(2, exit);
        Assert.Contains("missing.json", stderr);
    }

    [Fact]
    public async Task Bad_value_in_config_file_is_reported_with_its_key()
    {
        var file = Path.Combine(_dir, "gw.json");
        await File.WriteAllTextAsync(file, """{ "Gateway": { "Serial": { "Devices": [ { "Name": "fax1", "Address": "http://nope" } ] } } }""");
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--config", file, "--Gateway:Http:Url=http://127.0.0.1:0");
        Assert.Equal(2, exit);
        Assert.Contains("Gateway:Serial:Devices:0:Address", stderr);
    }

    [Fact]
    public async Task Environment_variable_overrides_are_validated_too()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(typeof(GatewayHost).Assembly.Location);
        start.Environment["GATEWAY__Http__Url"] = "not-a-url";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Gateway:Http:Url", stderr);
    }
}
