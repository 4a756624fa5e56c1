using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;
using Gateway.Host.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Tests.Dispatch;

/// <summary>
/// The real gateway in-process on a free port with a temp data directory, three API clients (one per role),
/// duty-terminal credentials and two units: "police" (duty terminal "desk-police", then fax) and "water"
/// (duty terminal "desk-water-main", then duty terminal "desk-water-backup").
/// </summary>
internal sealed class DispatchTestHost : IAsyncDisposable
{
    public const string CallTakerToken = "call-taker-token-0123456789";
    public const string DispatcherToken = "dispatcher-token-0123456789";
    public const string AdminToken = "admin-token-0123456789abcdef";
    public const string PoliceTerminalToken = "terminal-police-0123456789";
    public const string WaterBackupToken = "terminal-water-backup-0123456789";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private DispatchTestHost(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseUri { get; }
    public DispatchEngine Engine => App.Services.GetRequiredService<DispatchEngineHost>().Engine!;

    public static async Task<DispatchTestHost> StartAsync(params string[] extraArgs)
    {
        var dir = Directory.CreateTempSubdirectory("gw-dispatch-").FullName;
        string[] args =
        [
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={dir}",
            "--Logging:LogLevel:Default=Warning",
            "--Gateway:Api:Clients:0:Name=taker-1", $"--Gateway:Api:Clients:0:Token={CallTakerToken}", "--Gateway:Api:Clients:0:Role=call-taker",
            "--Gateway:Api:Clients:1:Name=desk-1", $"--Gateway:Api:Clients:1:Token={DispatcherToken}", "--Gateway:Api:Clients:1:Role=dispatcher",
            "--Gateway:Api:Clients:2:Name=root", $"--Gateway:Api:Clients:2:Token={AdminToken}", "--Gateway:Api:Clients:2:Role=admin",
            "--Gateway:DutyTerminals:Terminals:0:Id=desk-police", $"--Gateway:DutyTerminals:Terminals:0:Token={PoliceTerminalToken}",
            "--Gateway:DutyTerminals:Terminals:1:Id=desk-water-backup", $"--Gateway:DutyTerminals:Terminals:1:Token={WaterBackupToken}",
            .. Unit(0, "police", "城关派出所", "PublicSecurity", ["PublicSecurity", "Criminal", "Traffic"], ("DutyTerminal", "desk-police"), ("Fax", "0574-3000")),
            .. Unit(1, "water", "自来水公司", "Department", ["WaterFailure"], ("DutyTerminal", "desk-water-main"), ("DutyTerminal", "desk-water-backup")),
            .. extraArgs,
        ];
        var app = GatewayHost.Build(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
            throw;
        }
        return new DispatchTestHost(app, dir);
    }

    private static IEnumerable<string> Unit(int i, string id, string name, string role, string[] categories, params (string Kind, string Address)[] channels)
    {
        var p = $"--Dispatch:Units:{i}:";
        yield return $"{p}Id={id}";
        yield return $"{p}Name={name}";
        yield return $"{p}Tier=Tier1";
        yield return $"{p}Role={role}";
        yield return $"{p}DutyPhone=0574-1000";
        for (var c = 0; c < categories.Length; c++)
            yield return $"{p}Categories:{c}={categories[c]}";
        for (var c = 0; c < channels.Length; c++)
        {
            yield return $"{p}Channels:{c}:Kind={channels[c].Kind}";
            yield return $"{p}Channels:{c}:Address={channels[c].Address}";
        }
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        if (body is string raw)
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonSerializer.SerializeToElement(text);
        return (response.StatusCode, json);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string? token, object? body) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token, string? accept = null) => SendAsync(HttpMethod.Get, path, token, accept: accept);

    /// <summary>Opens an incident as the dispatcher and returns its id.</summary>
    public async Task<Guid> OpenIncidentAsync(string category = "PublicSecurity")
    {
        var (status, body) = await PostAsync("/api/incidents", DispatcherToken, new { category, locationText = "人民路 12 号", isEmergency = true, priority = "High" });
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("incident").GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> DispatchOrderAsync(Guid incidentId, string unitId, string text = "立即出警")
    {
        var (status, body) = await PostAsync("/api/orders", DispatcherToken, new { incidentId, unitId, text });
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public async Task<ClientWebSocket> ConnectAsync(string path, string? token, bool tokenInQuery = false)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(BaseUri) { Scheme = "ws", Path = path.Split('?')[0], Query = path.Contains('?') ? path.Split('?', 2)[1] : "" };
        if (token is not null && tokenInQuery)
            uri.Query = (uri.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + "access_token=" + Uri.EscapeDataString(token);
        else if (token is not null)
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri.Uri, timeout.Token);
        return socket;
    }

    /// <summary>Waits (bounded) for the first committed event after <paramref name="afterSequence"/> that matches.</summary>
    public async Task<DispatchEvent> WaitForEventAsync(long afterSequence, Func<DispatchEventBody, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var entry in Engine.FollowEventsAsync(afterSequence, timeout.Token))
            if (match(entry.Body))
                return entry;
        throw new TimeoutException("event not seen");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>Reads whole JSON text messages from a client WebSocket, bounded in time.</summary>
internal static class SocketMessages
{
    public static async Task<JsonElement> ReceiveJsonAsync(this WebSocket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        if (result.MessageType == WebSocketMessageType.Close)
            throw new WebSocketException("closed by the server");
        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    public static Task SendJsonAsync(this WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, DispatchTestHost.Json), WebSocketMessageType.Text, true, CancellationToken.None);
}
