using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Dispatch;

/// <summary>
/// The real gateway process, killed with SIGKILL at random moments while 200 orders are submitted and restarted
/// each time: every order whose POST succeeded survives, and the duty terminal never receives an attempt twice.
/// </summary>
public sealed class DispatchCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DispatcherToken = "crash-dispatcher-token-0123456789";
    private const string TerminalToken = "crash-terminal-token-0123456789";
    private const int OrderCount = 200;
    private const int CrashesDuringBurst = 4;

    private readonly string _dir = Directory.CreateTempSubdirectory("gw-crash-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private GatewayProcessRunner _gateway = null!;

    public Task InitializeAsync()
    {
        var config = new
        {
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning", ["Microsoft.Hosting.Lifetime"] = "Information" } },
            Gateway = new
            {
                Http = new { Url = "http://127.0.0.1:0" },
                Storage = new { DataDirectory = Path.Combine(_dir, "data") },
                Api = new { Clients = new[] { new { Name = "crash-desk", Token = DispatcherToken, Role = "dispatcher" } } },
                DutyTerminals = new { Terminals = new[] { new { Id = "desk-1", Token = TerminalToken } } },
            },
            Dispatch = new
            {
                Units = new[]
                {
                    new
                    {
                        Id = "police", Name = "城关派出所", Tier = "Tier1", Role = "PublicSecurity", Area = "Urban",
                        Categories = new[] { "PublicSecurity", "Criminal", "Traffic" }, DutyPhone = "0574-1000",
                        Channels = new object[] { new { Kind = "DutyTerminal", Address = "desk-1" }, new { Kind = "Fax", Address = "0574-3000" } },
                    },
                },
            },
        };
        var configFile = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(config));
        _gateway = new GatewayProcessRunner(_dir, configFile);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Orders_accepted_before_SIGKILL_survive_and_no_attempt_reaches_the_terminal_twice()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var accepted = new ConcurrentDictionary<Guid, bool>();
        var attempted = 0;
        var kills = 0;

        var first = await _gateway.StartAsync(bound.Token);
        var terminal = new CountingDutyTerminal(_gateway, "desk-1", TerminalToken);
        using var stopTerminal = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
        var terminalRun = terminal.RunAsync(stopTerminal.Token);
        await terminal.WaitRegisteredAsync(first.Generation, bound.Token);
        var incidentId = await OpenIncidentAsync(first.Address, bound.Token);

        // Crash points spread over the burst: when the n-th order is submitted, the host dies a random few
        // milliseconds later, with that order and its neighbours in flight.
        var crashPoints = Enumerable.Range(10, OrderCount - 15).OrderBy(_ => random.Next()).Take(CrashesDuringBurst).ToHashSet();
        var crashDelays = crashPoints.ToDictionary(p => p, _ => random.Next(0, 30));
        using var crashGate = new SemaphoreSlim(1, 1);
        var crashes = new List<Task>();

        async Task CrashAndRestartAsync(int delayMs)
        {
            await Task.Delay(delayMs, bound.Token);
            await crashGate.WaitAsync(bound.Token);
            try
            {
                await _gateway.KillAsync();
                Interlocked.Increment(ref kills);
                var up = await _gateway.StartAsync(bound.Token);
                // The terminal comes back before the next crash, so orders keep reaching it and not only the fallback.
                await terminal.WaitRegisteredAsync(up.Generation, bound.Token);
            }
            finally
            {
                crashGate.Release();
            }
        }

        async Task SubmitAsync()
        {
            int number;
            while ((number = Interlocked.Increment(ref attempted)) <= OrderCount)
            {
                if (crashPoints.Contains(number))
                {
                    lock (crashes)
                        crashes.Add(CrashAndRestartAsync(crashDelays[number]));
                }
                while (true)
                {
                    var (_, address) = await _gateway.WaitUpAsync(0, bound.Token);
                    var (orderId, notReady) = await TryDispatchAsync(address, incidentId, bound.Token);
                    if (orderId is { } id)
                        accepted[id] = true;
                    if (!notReady)
                        break;
                    // 503 while the restarted engine replays its journal: the same order again, shortly.
                    await Task.Delay(50, bound.Token);
                }
            }
        }

        await Task.WhenAll(SubmitAsync(), SubmitAsync(), SubmitAsync(), SubmitAsync());
        Task[] pendingCrashes;
        lock (crashes)
            pendingCrashes = [.. crashes];
        await Task.WhenAll(pendingCrashes);

        // One last crash and restart after the burst: what was accepted must be read back from the journal.
        await _gateway.KillAsync();
        Interlocked.Increment(ref kills);
        var last = await _gateway.StartAsync(bound.Token);
        await terminal.WaitRegisteredAsync(last.Generation, bound.Token);
        var orders = await ReadOrdersAsync(last.Address, bound.Token);
        await terminal.FlushAsync(bound.Token);
        await stopTerminal.CancelAsync();
        await terminalRun;

        output.WriteLine($"{accepted.Count} of {OrderCount} orders accepted, {kills} kills, {_gateway.Starts} starts, {terminal.Received.Count} keys received");
        var present = orders.Select(o => o.GetProperty("id").GetGuid()).ToHashSet();
        var missing = accepted.Keys.Where(id => !present.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} accepted orders lost, e.g. {missing.FirstOrDefault()}");
        Assert.Equal(CrashesDuringBurst + 1, kills);
        Assert.True(accepted.Count > 0);

        var duplicates = terminal.Received.Where(k => k.Value != 1).ToList();
        Assert.True(duplicates.Count == 0, $"received more than once: {string.Join(", ", duplicates.Select(d => $"{d.Key}×{d.Value}"))}");

        var terminalAttempts = orders
            .SelectMany(o => o.GetProperty("attempts").EnumerateArray())
            .Where(a => a.GetProperty("channel").GetString() == "DutyTerminal")
            .ToDictionary(a => a.GetProperty("idempotencyKey").GetString()!, a => a.GetProperty("state").GetString()!);
        // Every key the terminal got belongs to an attempt the journal knows ...
        Assert.All(terminal.Received.Keys, key => Assert.True(terminalAttempts.ContainsKey(key), $"unknown key {key}"));
        // ... every acknowledged attempt was received (the ack came from the terminal) ...
        var acknowledged = terminalAttempts.Where(a => a.Value == "Acknowledged").Select(a => a.Key).ToList();
        Assert.NotEmpty(acknowledged);
        Assert.All(acknowledged, key => Assert.True(terminal.Received.ContainsKey(key), $"attempt {key} acknowledged but never received"));
        // ... and an attempt whose bytes died with the process (journaled as sent, never received) is not lost:
        // it is still open, so its ack timeout moves the order to the next channel with a new key.
        var lostInFlight = terminalAttempts.Where(a => !terminal.Received.ContainsKey(a.Key) && a.Value is "Sent" or "Delivered").ToList();
        output.WriteLine($"{acknowledged.Count} acknowledged on the terminal, {lostInFlight.Count} lost in flight and waiting for their ack timeout");
        Assert.All(lostInFlight, a => Assert.Equal("Sent", a.Value));
    }

    /// <summary>The order id when accepted; NotReady when the engine was still starting (503).</summary>
    private async Task<(Guid? OrderId, bool NotReady)> TryDispatchAsync(Uri address, Guid incidentId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/api/orders"))
            {
                Content = JsonContent.Create(new { incidentId, unitId = "police", text = "crash test order" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return (null, true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return (body.RootElement.GetProperty("id").GetGuid(), false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The gateway died under this request: its fate is unknown, so it is not counted as accepted.
            return (null, false);
        }
    }

    private async Task<Guid> OpenIncidentAsync(Uri address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/api/incidents"))
        {
            Content = JsonContent.Create(new { category = "Criminal", locationText = "解放路 3 号" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("incident").GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> ReadOrdersAsync(Uri address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/api/orders"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. body.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
