using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Host;
using Gateway.Host.Dispatch;
using Gateway.Host.Radio;
using Gateway.Simulators.Devices.Fax;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Dispatch;

/// <summary>
/// The whole chain with the simulators: a unit whose radio stays silent gets its order by fax once
/// the radio attempt's acknowledgement timeout passes, and the order's history shows both channels.
/// </summary>
public sealed class RadioSilentFallsBackToFaxTests : IAsyncLifetime
{
    private const string Token = "fallback-dispatcher-token-01";
    private const string OrderText = "请关闭和平路88号附近供水阀门，配合灭火";
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(90));
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-fallback-").FullName;
    private readonly HttpClient _http = new();
    private RadioNetworkHost _radio = null!;
    private FaxReceiveLog _faxLog = null!;
    private SimulatorHost _fax = null!;
    private WebApplication _gateway = null!;
    private Uri _base = null!;

    private CancellationToken Timeout => _safetyNet.Token;

    public async Task InitializeAsync()
    {
        _radio = new RadioNetworkHost(1, new RadioNetworkOptions
        {
            Issi = 1001,
            Units = [2001, 2002],
            SilentUnits = new HashSet<int> { 2002 },
            OrdersLogPath = Path.Combine(_dir, "radio-orders.jsonl"),
        }, new SimulatorHostOptions { TcpPort = 0 });
        await _radio.StartAsync(Timeout);
        _faxLog = new FaxReceiveLog(Path.Combine(_dir, "fax-out"));
        _fax = new SimulatorHost(FaxModemDevice.RegistrationFor(_faxLog), new SimulatorHostOptions { TcpPort = 0 });
        await _fax.StartAsync(Timeout);

        _gateway = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Serial:Devices:0:Name=tetra-1",
            $"--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:{_radio.Terminals[0].TcpPort}",
            "--Gateway:Serial:Devices:1:Name=fax-1",
            $"--Gateway:Serial:Devices:1:Address=tcp://127.0.0.1:{_fax.TcpPort}",
            "--Gateway:Radio:Terminals:0:Name=t1",
            "--Gateway:Radio:Terminals:0:Device=tetra-1",
            "--Gateway:Radio:Terminals:0:Talkgroup=9001",
            "--Gateway:Fax:Modems:0:Name=m1",
            "--Gateway:Fax:Modems:0:Device=fax-1",
            "--Gateway:Fax:StationId=110",
            "--Gateway:Api:Clients:0:Name=desk-1",
            $"--Gateway:Api:Clients:0:Token={Token}",
            "--Gateway:Api:Clients:0:Role=dispatcher",
            "--Dispatch:Channels:RadioText:AckTimeout=00:00:02",
            "--Dispatch:Units:0:Id=water-co",
            "--Dispatch:Units:0:Name=自来水公司",
            "--Dispatch:Units:0:Tier=Tier2",
            "--Dispatch:Units:0:Role=Department",
            "--Dispatch:Units:0:Area=Urban",
            "--Dispatch:Units:0:Categories:0=WaterFailure",
            "--Dispatch:Units:0:DutyName=调度室",
            "--Dispatch:Units:0:DutyPhone=0574-4000",
            "--Dispatch:Units:0:Channels:0:Kind=RadioText",
            "--Dispatch:Units:0:Channels:0:Address=2002",
            "--Dispatch:Units:0:Channels:1:Kind=Fax",
            "--Dispatch:Units:0:Channels:1:Address=0574-4002",
        ]);
        await _gateway.StartAsync(Timeout);
        _base = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await _gateway.Services.GetRequiredService<RadioTerminalPool>().Terminals.Single().WhenReadyAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _fax.DisposeAsync();
        await _radio.DisposeAsync();
        _http.Dispose();
        _safetyNet.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Silent_radio_unit_gets_the_order_by_fax_and_the_history_shows_both_channels()
    {
        using var incident = await _http.PostAsJsonAsync(new Uri(_base, "/api/incidents"),
            new { category = "WaterFailure", locationText = "和平路88号", isEmergency = true }, Timeout);
        incident.EnsureSuccessStatusCode();
        using var incidentJson = JsonDocument.Parse(await incident.Content.ReadAsStringAsync(Timeout));
        var incidentId = incidentJson.RootElement.GetProperty("incident").GetProperty("id").GetString();

        var engine = _gateway.Services.GetRequiredService<DispatchEngineHost>().Engine!;
        var since = engine.LastSequence;
        using var order = await _http.PostAsJsonAsync(new Uri(_base, "/api/orders"),
            new { incidentId, unitId = "water-co", text = OrderText }, Timeout);
        order.EnsureSuccessStatusCode();
        using var orderJson = JsonDocument.Parse(await order.Content.ReadAsStringAsync(Timeout));
        var orderId = Guid.Parse(orderJson.RootElement.GetProperty("id").GetString()!);

        // Await the journaled outcome of the fax attempt (attempt 2) on the engine's event stream.
        await foreach (var e in engine.FollowEventsAsync(since, Timeout))
        {
            if (e.Body is DeliveryAttemptResolved { Attempt: 2, Outcome: AttemptState.Delivered } resolved && resolved.OrderId == orderId)
                break;
        }

        using var final = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_base, $"/api/orders/{orderId}"), Timeout));
        var attempts = final.RootElement.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal(("RadioText", "2002", "TimedOut"), (attempts[0].GetProperty("channel").GetString(), attempts[0].GetProperty("address").GetString(), attempts[0].GetProperty("state").GetString()));
        Assert.Equal(("Fax", "Delivered"), (attempts[1].GetProperty("channel").GetString(), attempts[1].GetProperty("state").GetString()));
        Assert.Contains(final.RootElement.GetProperty("history").EnumerateArray(),
            h => h.GetProperty("state").GetString() == "Delivered" && h.GetProperty("channel").GetString() == "Fax");

        // The silent unit did receive the text on the radio (it just never answered), and the fax arrived once.
        Assert.Contains(File.ReadAllLines(Path.Combine(_dir, "radio-orders.jsonl")), l => l.Contains("2002", StringComparison.Ordinal) && l.Contains(OrderText, StringComparison.Ordinal));
        Assert.Equal(1, _faxLog.DeliveredJobs);
    }
}
