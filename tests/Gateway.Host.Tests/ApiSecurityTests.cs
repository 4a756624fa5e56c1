using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests;

public sealed class ApiSecurityTests : IAsyncLifetime
{
    private const string DispatcherToken = "dispatcher-token-0123456789";
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-api-").FullName;
    private readonly HttpClient _http = new();
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _app = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={_dir}",
            "--Gateway:Api:Clients:0:Name=desk-7",
            $"--Gateway:Api:Clients:0:Token={DispatcherToken}",
            "--Gateway:Api:Clients:0:Role=dispatcher",
        ]);
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task No_token_is_401_and_is_audited()
    {
        using var response = await _http.GetAsync(new Uri(_base, "/api/whoami"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var audit = await File.ReadAllLinesAsync(Path.Combine(_dir, "audit.jsonl"));
        using var entry = JsonDocument.Parse(audit.Last());
        Assert.Equal("anonymous", entry.RootElement.GetProperty("User").GetString());
        Assert.Equal(401, entry.RootElement.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task Wrong_token_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "/api/whoami"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dispatcher-token-0123456780");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Known_token_gets_its_name_and_role()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "/api/whoami"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("desk-7", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("dispatcher", json.RootElement.GetProperty("role").GetString());
    }
}
