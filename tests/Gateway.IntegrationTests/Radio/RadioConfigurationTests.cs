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
}
