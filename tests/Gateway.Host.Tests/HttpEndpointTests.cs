using System.Net;
using System.Text.Json;
using Gateway.Core.Lifecycle;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests;

public sealed class HttpEndpointTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-http-").FullName;
    private WebApplication? _app;
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<Uri> StartAsync(params string[] extra)
    {
        _app = GatewayHost.Build(["--Gateway:Http:Url=http://127.0.0.1:0", $"--Gateway:Storage:DataDirectory={_dir}", .. extra]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address);
    }

    [Fact]
    public async Task Health_is_200_with_one_entry_per_component()
    {
        var baseUri = await StartAsync();
        using var response = await _http.GetAsync(new Uri(baseUri, "/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("up", json.RootElement.GetProperty("status").GetString());
        var storage = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
        Assert.Equal("up", storage.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_is_503_when_storage_cannot_be_written()
    {
        var blocker = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var baseUri = await StartAsync($"--Gateway:Storage:DataDirectory={blocker}");
        using var response = await _http.GetAsync(new Uri(baseUri, "/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("down", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_answers_prometheus_text_with_gateway_series()
    {
        var baseUri = await StartAsync();
        using var response = await _http.GetAsync(new Uri(baseUri, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE gateway_uptime_seconds gauge", text);
        Assert.Matches(@"(?m)^gateway_uptime_seconds [0-9.eE+-]+$", text);
    }

    [Fact]
    public async Task Stop_runs_every_device_stop_hook_even_when_one_fails()
    {
        await StartAsync();
        var registry = _app!.Services.GetRequiredService<DeviceStopHookRegistry>();
        var good = new RecordingHook("radio-1");
        using var r1 = registry.Register(new RecordingHook("broken", fail: true));
        using var r2 = registry.Register(good);
        await _app.StopAsync();
        Assert.True(good.Stopped);
    }

    private sealed class RecordingHook(string name, bool fail = false) : IDeviceStopHook
    {
        public string Name => name;
        public bool Stopped { get; private set; }

        public ValueTask StopAsync(CancellationToken cancellationToken)
        {
            if (fail)
                throw new InvalidOperationException("hook failure");
            Stopped = true;
            return ValueTask.CompletedTask;
        }
    }
}
