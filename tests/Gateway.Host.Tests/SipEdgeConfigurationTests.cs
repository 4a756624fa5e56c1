namespace Gateway.Host.Tests;

/// <summary>Bad trunk, phone, registrar or inbound settings (Gateway:Sip) stop start-up with exit 2 naming the key.</summary>
public sealed class SipEdgeConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-sipedge-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--Gateway:Sip:Trunks:0:Sources:0=10.0.0.0/33", "Gateway:Sip:Trunks:0:Sources:0: must be an IP address or CIDR block")]
    [InlineData("--Gateway:Sip:Trunks:0:Registration:User=gw", "Gateway:Sip:Trunks:0:Host: is required for Registration and KeepAlive")]
    [InlineData("--Gateway:Sip:Trunks:0:OutboundAuth:Username=gw", "Gateway:Sip:Trunks:0:OutboundAuth:Password: must not be empty")]
    [InlineData("--Gateway:Sip:Phones:0:Username=2001", "Gateway:Sip:Phones:0:Password: must not be empty")]
    [InlineData("--Gateway:Sip:DigestAlgorithms:0=SHA-1", "Gateway:Sip:DigestAlgorithms:0: must be SHA-256 or MD5")]
    [InlineData("--Gateway:Sip:Registrar:MinExpiresSeconds=0", "Gateway:Sip:Registrar:MinExpiresSeconds: must be at least 1")]
    [InlineData("--Gateway:Sip:Inbound:InviteBurst=0", "Gateway:Sip:Inbound:InviteBurst: must be at least 1")]
    [InlineData("--Gateway:Sip:TrunkPeers:0:Address=127.0.0.1", "Gateway:Sip:TrunkPeers: is replaced by Trunks")]
    public async Task Invalid_sip_edge_value_stops_startup_with_exit_2_naming_the_key(string argument, string message)
    {
        var (exit, _, stderr) = await GatewayProcess.RunToExitAsync(_dir, "--Gateway:Http:Url=http://127.0.0.1:0",
            "--Gateway:Sip:Enabled=true", "--Gateway:Sip:Listeners:0:Protocol=udp", "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            "--Gateway:Sip:Trunks:0:Name=carrier", argument);

        Assert.Equal(2, exit);
        Assert.Contains("configuration error", stderr);
        Assert.Contains(message, stderr);
    }
}
