using System.Text.Json;
using Gateway.Sip.Security;
using Gateway.Sip.Trunks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Sip.Edge;

/// <summary>The running gateway registers at a trunk (SIPp), pings it with OPTIONS, shows both in /health and stops them with the host.</summary>
public sealed class TrunkClientsTests
{
    [Fact]
    public async Task Trunk_registration_and_keep_alive_show_in_health_and_stop_with_the_host()
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        var trunkPort = SippRunner.FreePort();
        var trunk = SippRunner.RunAsync([.. SippRunner.Bounded(2), "-sf", SippRunner.Scenario("trunk-registrar-uas.xml"), "-p", trunkPort.ToString()], safetyNet.Token);
        var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 57000, safetyNet.Token,
            "--Gateway:Sip:Trunks:0:Name=carrier", "--Gateway:Sip:Trunks:0:Host=127.0.0.1", $"--Gateway:Sip:Trunks:0:Port={trunkPort}",
            "--Gateway:Sip:Trunks:0:Registration:User=gw110", "--Gateway:Sip:Trunks:0:KeepAlive:IntervalSeconds=30");
        var edge = gateway.App.Services.GetRequiredService<SipEdge>();
        var stopped = false;
        try
        {
            await Task.WhenAll(RegisteredAsync(Assert.Single(edge.Registrations)), UpAsync(Assert.Single(edge.KeepAlives))).WaitAsync(safetyNet.Token);

            var health = await HealthAsync(gateway, safetyNet.Token);
            var entry = health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "sip:trunk:carrier");
            Assert.Equal("up", entry.GetProperty("status").GetString());
            Assert.Equal("Registered", entry.GetProperty("data").GetProperty("registration").GetString());
            Assert.Equal("Up", entry.GetProperty("data").GetProperty("keepAlive").GetString());
            // The RTP receive threads are part of the SIP side's health (Linux: epoll by default).
            var receive = health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "sip:rtp-receive");
            Assert.Equal("up", receive.GetProperty("status").GetString());
            Assert.StartsWith("epoll, ", receive.GetProperty("detail").GetString());
            var far = await trunk;
            Assert.True(far.ExitCode == 0, far.Describe());

            stopped = true;
            await gateway.DisposeAsync();
            Assert.Empty(edge.Registrations);
            Assert.Empty(edge.KeepAlives);
        }
        finally
        {
            if (!stopped) await gateway.DisposeAsync();
        }
    }

    private static Task RegisteredAsync(TrunkRegistration registration)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registration.StateChanged += (_, state) =>
        {
            if (state == TrunkRegistrationState.Registered) done.TrySetResult();
        };
        if (registration.State == TrunkRegistrationState.Registered) done.TrySetResult();
        return done.Task;
    }

    private static Task UpAsync(OptionsKeepAlive keepAlive)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        keepAlive.HealthChanged += (_, health) =>
        {
            if (health == TrunkHealth.Up) done.TrySetResult();
        };
        if (keepAlive.Health == TrunkHealth.Up) done.TrySetResult();
        return done.Task;
    }

    private static async Task<JsonElement> HealthAsync(SipGatewayFixture gateway, CancellationToken cancellationToken)
    {
        var address = new Uri(gateway.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(address, "/health"), cancellationToken));
        return json.RootElement.Clone();
    }
}
