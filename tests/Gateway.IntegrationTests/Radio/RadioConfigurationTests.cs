using Gateway.Host;
using Microsoft.Extensions.Options;

namespace Gateway.IntegrationTests.Radio;

/// <summary>Bad <c>Gateway:Radio</c> settings stop the gateway at start with messages that name the key.</summary>
public sealed class RadioConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-radio-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--Gateway:Radio:Terminals:0:Device=nope", "Gateway:Radio:Terminals:0:Device")]
    [InlineData("--Gateway:Radio:Terminals:0:Talkgroup=9x01", "Gateway:Radio:Terminals:0:Talkgroup")]
    [InlineData("--Gateway:Radio:MaxSendsPerTerminal=0", "Gateway:Radio:MaxSendsPerTerminal")]
    [InlineData("--Gateway:Radio:StatusValues:OnScene=12", "Gateway:Radio:StatusValues")]
    [InlineData("--Gateway:Radio:Terminals:0:Voice:PtimeMs=30", "Gateway:Radio:Terminals:0:Voice:PtimeMs")]
    [InlineData("--Gateway:Radio:Terminals:0:Voice:RoipRemote=radio-1", "Gateway:Radio:Terminals:0:Voice:RoipRemote")]
    [InlineData("--Gateway:Radio:Terminals:0:Voice:RoipLocalPort=4001", "Gateway:Radio:Terminals:0:Voice:RoipLocalPort")]
    [InlineData("--Gateway:Radio:Terminals:0:Voice:Codec=G729", "Gateway:Radio:Terminals:0:Voice:Codec")]
    [InlineData("--Gateway:Radio:Voice:VadThresholdDbfs=5", "Gateway:Radio:Voice:VadThresholdDbfs")]
    public async Task Invalid_radio_setting_fails_start_naming_the_key(string setting, string key)
    {
        string[] args =
        [
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Serial:Devices:0:Name=tetra-1",
            "--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:1",
            "--Gateway:Radio:Terminals:0:Name=t1",
            "--Gateway:Radio:Terminals:0:Device=tetra-1",
            setting,
        ];
        await using var gateway = GatewayHost.Build(args);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => gateway.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app:radio:t9", "'t9' is not a terminal")]
    [InlineData("app:radio:t1", "has no Voice (RoIP) configuration")]
    [InlineData("app:radio:t2:group-a", "is not a talkgroup or ISSI")]
    public async Task A_radio_route_must_name_a_terminal_with_voice(string target, string problem)
    {
        string[] args =
        [
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Serial:Devices:0:Name=tetra-1",
            "--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:1",
            "--Gateway:Serial:Devices:1:Name=tetra-2",
            "--Gateway:Serial:Devices:1:Address=tcp://127.0.0.1:2",
            "--Gateway:Radio:Terminals:0:Name=t1",
            "--Gateway:Radio:Terminals:0:Device=tetra-1",
            "--Gateway:Radio:Terminals:1:Name=t2",
            "--Gateway:Radio:Terminals:1:Device=tetra-2",
            "--Gateway:Radio:Terminals:1:Voice:RoipRemote=127.0.0.1:7000",
            "--Gateway:Radio:Terminals:1:Voice:RoipLocalPort=7002",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            "--Gateway:Sip:Routes:0:Prefix=200",
            $"--Gateway:Sip:Routes:0:Target={target}",
        ];
        await using var gateway = GatewayHost.Build(args);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => gateway.StartAsync());

        Assert.Contains("Gateway:Sip:Routes:0:Target", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
