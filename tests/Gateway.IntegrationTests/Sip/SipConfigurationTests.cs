using Gateway.Host;
using Microsoft.Extensions.Options;

namespace Gateway.IntegrationTests.Sip;

/// <summary>Bad Gateway:Sip settings stop start-up with messages that name the key.</summary>
public sealed class SipConfigurationTests
{
    [Fact]
    public async Task Invalid_sip_settings_fail_start_naming_each_key()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gw-sip-config-").FullName;
        try
        {
            await using var app = GatewayHost.Build([
                "--Gateway:Http:Url=http://127.0.0.1:0",
                $"--Gateway:Storage:DataDirectory={dataDirectory}",
                "--Gateway:Sip:Enabled=true",
                "--Gateway:Sip:Listeners:0:Protocol=sctp",
                "--Gateway:Sip:Listeners:0:Address=nowhere",
                "--Gateway:Sip:Routes:0:Prefix=110",
                "--Gateway:Sip:Routes:0:Target=uri:sip:110@carrier.example",
                "--Gateway:Sip:RtpPortMin=20001",
            ]);

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("Gateway:Sip:Listeners:0:Protocol", error.Message, StringComparison.Ordinal);
            Assert.Contains("Gateway:Sip:Listeners:0:Address", error.Message, StringComparison.Ordinal);
            Assert.Contains("Gateway:Sip:Routes:0:Target", error.Message, StringComparison.Ordinal);
            Assert.Contains("Gateway:Sip:RtpPortMin", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
