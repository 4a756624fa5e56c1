using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Host;
using Gateway.Host.Radio;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Radio;

/// <summary>The gateway with a radio terminal on the simulator: /health, the HTTP API and the dispatch order channel.</summary>
public sealed class GatewayRadioApiTests : IAsyncLifetime
{
    private const string DispatcherToken = "radio-dispatcher-token-0001";
    private const string ChineseOrder = "火灾：XX路12号，请立即到场";
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-radio-api-").FullName;
    private readonly HttpClient _http = new();
    private RadioNetworkHost _simulator = null!;
    private WebApplication _gateway = null!;
    private Uri _base = null!;

    private CancellationToken Timeout => _safetyNet.Token;

    public async Task InitializeAsync()
    {
        var network = new RadioNetworkOptions
        {
            Issi = 1001,
            Units = [2001, 2002],
            ReportDelay = TimeSpan.FromMilliseconds(20),
            StatusDelay = TimeSpan.FromMilliseconds(50),
            OrdersLogPath = Path.Combine(_dir, "orders.jsonl"),
        };
        _simulator = new RadioNetworkHost(1, network, new SimulatorHostOptions { TcpPort = 0 });
        await _simulator.StartAsync(Timeout);
        _gateway = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Serial:Devices:0:Name=tetra-1",
            $"--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:{_simulator.Terminals[0].TcpPort}",
            "--Gateway:Radio:Terminals:0:Name=t1",
            "--Gateway:Radio:Terminals:0:Device=tetra-1",
            "--Gateway:Radio:Terminals:0:Talkgroup=9001",
            "--Gateway:Radio:Terminals:0:Issi=1001",
            "--Gateway:Api:Clients:0:Name=desk-1",
            $"--Gateway:Api:Clients:0:Token={DispatcherToken}",
            "--Gateway:Api:Clients:0:Role=dispatcher",
        ]);
        await _gateway.StartAsync(Timeout);
        _base = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
        await _gateway.Services.GetRequiredService<RadioTerminalPool>().Terminals.Single().WhenReadyAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
        _http.Dispose();
        _safetyNet.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Health_shows_the_terminal_up_after_start_up_with_its_issi()
    {
        using var response = await _http.GetAsync(new Uri(_base, "/health"), Timeout);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout));
        var radio = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "radio:t1");

        Assert.Equal("up", radio.GetProperty("status").GetString());
        Assert.Contains("1001", radio.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_posted_to_the_api_reaches_the_unit_and_its_report_and_on_scene_status_show_as_events()
    {
        var onScene = WaitForEventAsync(e => e.Kind == RadioEventKind.Status && e.Unit == "2001" && e.State == "OnScene");

        using var post = await _http.PostAsJsonAsync(new Uri(_base, "/api/radio/text"), new { to = "2001", text = ChineseOrder }, Timeout);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var id = (await post.Content.ReadFromJsonAsync<JsonElement>(Timeout)).GetProperty("id").GetString()!;
        await onScene;
        var text = await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, $"/api/radio/text/{id}"), Timeout);

        Assert.Equal("Received", text.GetProperty("state").GetString());
        var reference = text.GetProperty("references").EnumerateArray().Single().GetInt32();
        var kinds = text.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").ToString()).ToArray();
        Assert.Equal(["Delivered", "Status"], kinds);
        var logged = Assert.Single(File.ReadAllLines(Path.Combine(_dir, "orders.jsonl")));
        using var order = JsonDocument.Parse(logged);
        Assert.Equal(ChineseOrder, order.RootElement.GetProperty("text").GetString());
        Assert.Equal(reference, order.RootElement.GetProperty("messageReference").GetInt32());
    }

    [Fact]
    public async Task Terminals_endpoint_lists_the_pool_with_readiness()
    {
        var terminals = await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, "/api/radio/terminals"), Timeout);

        var terminal = terminals.EnumerateArray().Single();
        Assert.Equal("t1", terminal.GetProperty("name").GetString());
        Assert.Equal("Ready", terminal.GetProperty("readiness").GetString());
        Assert.Equal("1001", terminal.GetProperty("ownIdentity").GetString());
    }

    [Fact]
    public async Task Posting_a_text_needs_the_dispatcher_role()
    {
        using var anonymous = new HttpClient();
        using var response = await anonymous.PostAsJsonAsync(new Uri(_base, "/api/radio/text"), new { to = "2001", text = "x" }, Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Order_channel_sends_once_per_key_and_reports_delivered_and_on_scene_to_the_dispatch_sink()
    {
        var channel = _gateway.Services.GetServices<IOrderChannel>().Single(c => c.Kind == ChannelKind.RadioText);
        var orderId = Guid.NewGuid();
        var key = new DeliveryKey(orderId, 1, ChannelKind.RadioText).ToString();
        var delivery = new OrderDelivery(orderId, Guid.NewGuid(), "u-7", "Engine 7", ChannelKind.RadioText, "2002", 1,
            default, default, "XX路12号", ChineseOrder);
        var onScene = WaitForEventAsync(e => e.Kind == RadioEventKind.Status && e.Unit == "2002");
        var delivered = WaitForEventAsync(e => e.Kind == RadioEventKind.Delivered && e.SendId == key);

        var first = await channel.SendAsync(delivery, key, Timeout);
        var second = await channel.SendAsync(delivery, key, Timeout);
        await delivered;
        await onScene;

        Assert.Equal(ChannelSendOutcome.Accepted, first.Outcome);
        Assert.Equal(ChannelSendOutcome.Accepted, second.Outcome);
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "orders.jsonl")), l => l.Contains("\"unit\":2002", StringComparison.Ordinal));
        var rejected = await channel.SendAsync(delivery with { Address = "unit-7" }, key + "x", Timeout);
        Assert.Equal(ChannelSendOutcome.Rejected, rejected.Outcome);
    }

    private Task<RadioEvent> WaitForEventAsync(Func<RadioEvent, bool> wanted)
    {
        var seen = new TaskCompletionSource<RadioEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _gateway.Services.GetRequiredService<RadioEventLog>().Added += e =>
        {
            if (wanted(e))
                seen.TrySetResult(e);
        };
        return seen.Task.WaitAsync(Timeout);
    }
}
