using System.Net;
using System.Text.Json;
using Gateway.Core.Serial;
using Gateway.Host;
using Gateway.Host.Devices;
using Gateway.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Host;

/// <summary>The gateway keeps a configured serial device open and /health follows its link.</summary>
public sealed class GatewaySerialDeviceHealthTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-serial-health-").FullName;
    private readonly HttpClient _http = new();
    private EchoModemSimulator _simulator = null!;
    private WebApplication _gateway = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _simulator = await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        _gateway = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Serial:Devices:0:Name=modem-1",
            $"--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:{_simulator.Host.TcpPort}",
            "--Gateway:Serial:Devices:1:Name=spare",
            "--Gateway:Serial:Devices:1:Address=tcp://127.0.0.1:1",
            "--Gateway:Serial:Devices:1:Required=false",
        ]);
        await _gateway.StartAsync(_safetyNet.Token);
        _base = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
        _http.Dispose();
        _safetyNet.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Task WaitForStateAsync(Func<SerialLinkState, bool> wanted)
    {
        var link = _gateway.Services.GetRequiredService<SerialDeviceRegistry>().Find("modem-1")!.Link;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.StateChanged += s => { if (wanted(s)) reached.TrySetResult(); };
        if (wanted(link.State))
            reached.TrySetResult();
        return reached.Task.WaitAsync(_safetyNet.Token);
    }

    private async Task<(HttpStatusCode Code, JsonElement Body)> GetHealthAsync()
    {
        using var response = await _http.GetAsync(new Uri(_base, "/health"), _safetyNet.Token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_safetyNet.Token));
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static string ComponentStatus(JsonElement body, string name) =>
        body.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Health_follows_the_required_link_down_and_up_again()
    {
        await WaitForStateAsync(s => s == SerialLinkState.Open);
        var (code, body) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("up", ComponentStatus(body, "serial:modem-1"));
        // The optional device that cannot be reached degrades but does not fail health.
        Assert.Equal("degraded", ComponentStatus(body, "serial:spare"));
        Assert.Equal("degraded", body.GetProperty("status").GetString());

        var down = WaitForStateAsync(s => s != SerialLinkState.Open);
        await _simulator.Host.StopAsync();
        await down;
        (code, body) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("down", ComponentStatus(body, "serial:modem-1"));

        var up = WaitForStateAsync(s => s == SerialLinkState.Open);
        await _simulator.Host.StartAsync(_safetyNet.Token);
        await up;
        (code, _) = await GetHealthAsync();
        Assert.Equal(HttpStatusCode.OK, code);
    }
}
