using Gateway.Host.Sip;
using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Host.Tests;

/// <summary>The host side of the SIP edge: default trunk, validation messages, trunk /health entries.</summary>
public sealed class SipEdgeHostAdaptersTests
{
    [Fact]
    public void Without_trunks_127_0_0_1_is_the_trunk_and_configured_trunks_are_kept()
    {
        var empty = new SipEdgeOptions();
        new SipEdgeDefaults().PostConfigure(null, empty);
        var configured = new SipEdgeOptions { Trunks = [new SipTrunkOptions { Name = "carrier", Sources = ["10.1.1.0/29"] }] };
        new SipEdgeDefaults().PostConfigure(null, configured);

        var local = Assert.Single(empty.Trunks);
        Assert.Equal(("local", "127.0.0.1"), (local.Name, Assert.Single(local.Sources)));
        Assert.Equal("carrier", Assert.Single(configured.Trunks).Name);
    }

    [Fact]
    public void Validator_names_keys_in_the_host_format_and_refuses_the_old_trunk_peer_list()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Sip:TrunkPeers:0:Address"] = "127.0.0.1",
        }).Build();
        var options = new SipEdgeOptions { Trunks = [new SipTrunkOptions { Name = "carrier", Sources = ["10.0.0.0/33"] }] };

        var result = new SipEdgeOptionsHostValidator(configuration).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Sip:Trunks:0:Sources:0: must be an IP address or CIDR block", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Sip:TrunkPeers: is replaced by Trunks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trunk_health_is_up_without_clients_and_degraded_while_its_registration_has_not_succeeded()
    {
        using var edge = new SipEdge(new SipEdgeOptions
        {
            Trunks =
            [
                new SipTrunkOptions { Name = "plain", Sources = ["10.0.0.1"] },
                new SipTrunkOptions { Name = "carrier", Sources = ["10.0.0.2"], Host = "10.0.0.2", Registration = new TrunkRegistrationOptions { User = "gw" } },
            ],
        }, new FakeTimeProvider());

        var plain = await new SipTrunkHealthCheck(edge, "plain").CheckHealthAsync(new HealthCheckContext());
        var carrier = await new SipTrunkHealthCheck(edge, "carrier").CheckHealthAsync(new HealthCheckContext());
        var unknown = await new SipTrunkHealthCheck(edge, "nobody").CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, plain.Status);
        Assert.Equal("accepting from 10.0.0.1", plain.Description);
        Assert.Equal(HealthStatus.Degraded, carrier.Status);
        Assert.Equal("NotStarted", carrier.Data["registration"]);
        Assert.Equal(HealthStatus.Unhealthy, unknown.Status);
    }
}
