using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Fax.Imaging;
using Gateway.Host;
using Gateway.Host.Fax;
using Gateway.Simulators.Devices.Fax;
using Gateway.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.IntegrationTests.Fax;

/// <summary>The gateway host with one fax modem (the simulator over TCP): the HTTP API, /health and config validation.</summary>
public sealed class FaxHttpApiTests : IAsyncLifetime
{
    private const string Token = "fax-test-dispatcher-token-0001";

    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(90));
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-fax-api-").FullName;
    private readonly HttpClient _http = new();
    private FaxReceiveLog _log = null!;
    private SimulatorHost _simulator = null!;
    private WebApplication _gateway = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _log = new FaxReceiveLog(Path.Combine(_dir, "out"));
        _simulator = new SimulatorHost(FaxModemDevice.RegistrationFor(_log), new SimulatorHostOptions { TcpPort = 0 });
        await _simulator.StartAsync(_safetyNet.Token);
        _gateway = GatewayHost.Build([.. Arguments(), "--Gateway:Fax:Modems:0:Device=fax-1"]);
        await _gateway.StartAsync(_safetyNet.Token);
        _base = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
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
    public async Task A_json_order_is_faxed_and_the_job_shows_delivered_with_its_attempt_and_archive()
    {
        using var posted = await _http.PostAsJsonAsync(new Uri(_base, "/api/fax/jobs"), new
        {
            number = "05802110",
            title = "火灾 应急联动指令",
            orderNumber = "ZS-2026-000111",
            urgency = "特急",
            unit = "市消防救援支队",
            text = "和平路88号发生火灾，请立即到场处置。",
            location = "和平路88号",
            contact = "张先生 138-0000-0000",
            dispatcher = "李调度",
        }, _safetyNet.Token);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        string id = (await posted.Content.ReadFromJsonAsync<JsonElement>(_safetyNet.Token)).GetProperty("id").GetString()!;

        JsonElement job = await WaitForFinalAsync(id);

        Assert.Equal("Delivered", job.GetProperty("status").GetString());
        JsonElement attempt = Assert.Single(job.GetProperty("attempts").EnumerateArray());
        Assert.Equal("00", attempt.GetProperty("hangupCode").GetString());
        Assert.True(File.Exists(job.GetProperty("archivePath").GetString()));
        Assert.Equal(1, _log.DeliveredJobs);
        FaxBitmap received = PbmFormat.Read(Assert.Single(_log.Calls).Pages[0].PbmPath);
        Assert.True(received.CountBlack(0, 0, received.Width, received.Height) > 1000, "the received page should carry the rendered text");

        using var health = await _http.GetAsync(new Uri(_base, "/health"), _safetyNet.Token);
        string healthText = await health.Content.ReadAsStringAsync(_safetyNet.Token);
        Assert.Contains("\"fax:fax-1\"", healthText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploaded_image_is_faxed_as_it_is()
    {
        var image = new FaxBitmap(FaxResolutionExtensions.PageWidth, 400);
        var random = new Random(7);
        for (int y = 50; y < 350; y += 2)
            random.NextBytes(image.Row(y)[10..200]);
        using var pbm = new MemoryStream();
        PbmFormat.Write(image, pbm);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("110"), "number" },
            { new ByteArrayContent(pbm.ToArray()), "file", "scan.pbm" },
        };

        using var posted = await _http.PostAsync(new Uri(_base, "/api/fax/jobs"), form, _safetyNet.Token);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        string id = (await posted.Content.ReadFromJsonAsync<JsonElement>(_safetyNet.Token)).GetProperty("id").GetString()!;
        JsonElement job = await WaitForFinalAsync(id);

        Assert.Equal("Delivered", job.GetProperty("status").GetString());
        FaxBitmap received = PbmFormat.Read(Assert.Single(_log.Calls).Pages[0].PbmPath);
        FaxOverPtyTests.AssertSamePixels(image, received, "simulator decoder");
    }

    [Fact]
    public async Task Without_a_token_the_fax_api_answers_401_and_a_bad_number_400()
    {
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync(new Uri(_base, "/api/fax/jobs/x"), _safetyNet.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var bad = await _http.PostAsJsonAsync(new Uri(_base, "/api/fax/jobs"), new { number = "110;ATH", title = "t" }, _safetyNet.Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Empty(_log.Calls);
    }

    [Fact]
    public async Task A_modem_on_an_unknown_serial_device_stops_start_up_naming_the_key()
    {
        await using var broken = GatewayHost.Build([.. Arguments(), "--Gateway:Fax:Modems:0:Device=fax-9"]);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => broken.StartAsync(_safetyNet.Token));
        Assert.Contains("Gateway:Fax:Modems:0:Device", error.Message, StringComparison.Ordinal);
    }

    private string[] Arguments() =>
    [
        "--Gateway:Http:Url=http://127.0.0.1:0",
        $"--Gateway:Storage:DataDirectory={Path.Combine(_dir, "data")}",
        "--Gateway:Serial:Devices:0:Name=fax-1",
        $"--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:{_simulator.TcpPort}",
        "--Gateway:Fax:Modems:0:Name=fax-1",
        "--Gateway:Fax:StationId=+86 580 110",
        "--Gateway:Api:Clients:0:Name=fax-test",
        $"--Gateway:Api:Clients:0:Token={Token}",
        "--Gateway:Api:Clients:0:Role=dispatcher",
    ];

    private async Task<JsonElement> WaitForFinalAsync(string id)
    {
        var scheduler = _gateway.Services.GetRequiredService<FaxGateway>().Scheduler!;
        await scheduler.WhenFinishedAsync(id).WaitAsync(_safetyNet.Token);
        return await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, $"/api/fax/jobs/{id}"), _safetyNet.Token);
    }
}
