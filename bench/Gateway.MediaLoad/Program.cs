using System.Diagnostics;
using System.Globalization;
using Gateway.MediaLoad;

// Usage: Gateway.MediaLoad --gateway path/to/Gateway.Host.dll [--calls 100,250,500,1000] [--seconds 10]
//        [--modes relay,conference | alloc] [--receive Epoll,SocketLoops] [--pump-sockets 4] [--out bench/results/media-load.md]
// --receive: the gateway's Gateway:Sip:RtpReceiveModel values to measure, each in its own gateway process; a value may
// also give the receive threads, their nice value and a SCHED_FIFO priority: Epoll:2:-10:10.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
if (!options.TryGetValue("gateway", out var hostDll) || !File.Exists(hostDll))
{
    Console.Error.WriteLine("--gateway path/to/Gateway.Host.dll is required (build it with -c Release)");
    return 2;
}

int[] counts = [.. (options.GetValueOrDefault("calls") ?? "100,250,500,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
var window = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds") ?? "10", CultureInfo.InvariantCulture));
var modes = (options.GetValueOrDefault("modes") ?? "relay,conference").Split(',');
string output = options.GetValueOrDefault("out") ?? "bench/results/media-load.md";
var receiveModels = (options.GetValueOrDefault("receive") ?? (OperatingSystem.IsLinux() ? "Epoll,SocketLoops" : "SocketLoops")).Split(',');

string Uptime() => File.ReadAllText("/proc/loadavg");
string uptimeBefore = Uptime();
int pumpSockets = int.Parse(options.GetValueOrDefault("pump-sockets") ?? "4", CultureInfo.InvariantCulture);
var runner = new ScenarioRunner(Path.GetFullPath(hostDll), window, pumpSockets);
var results = new List<ScenarioResult>();
void Report(ScenarioResult r) => Console.WriteLine(
    $"{r.Kind,-10} {r.ReceiveModel,-11} N={r.Calls,5} streams={r.Streams,5} sent={r.Sent} lost={r.Lost} p50={r.P50Microseconds}µs p99={r.P99Microseconds}µs max={r.MaxMicroseconds}µs " +
    $"gw-in={r.GatewayPacketsIn} tool-sent={r.ToolPacketsSent} gwCPU={r.GatewayCpuPercent:F0}% toolCPU={r.ToolCpuPercent:F0}%");

if (modes.Contains("alloc"))
{
    var (relayed, bytesPerPacket, gen0, engine) = await RelayAllocationProbe.RunAsync(counts[0], window);
    Console.WriteLine($"relay allocation probe N={counts[0]} ({engine}): {relayed} packets relayed, {bytesPerPacket:F2} bytes allocated per packet, {gen0} gen0 GCs");
    return 0;
}

var failures = new List<string>();
async Task Run(string kind, int calls, Func<Task<ScenarioResult>> scenario)
{
    try
    {
        results.Add(await scenario());
        Report(results[^1]);
    }
    catch (Exception exception)
    {
        // A run that cannot be set up or measured is reported as such; the others still run.
        failures.Add($"{kind} N={calls}: {exception.GetType().Name}: {exception.Message}");
        Console.WriteLine("FAILED " + failures[^1]);
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, ReportWriter.Write(results, failures, window, pumpSockets, "load average " + uptimeBefore, "load average " + Uptime()));
}

foreach (int calls in counts.Where(_ => modes.Contains("relay")))
{
    await Run("baseline", calls, () => Task.FromResult(runner.Baseline(calls)));
    foreach (var model in receiveModels) await Run("relay", calls, () => runner.RelayAsync(calls, model));
}

foreach (int calls in counts.Where(_ => modes.Contains("conference")))
{
    foreach (var model in receiveModels) await Run("conference", calls, () => runner.ConferenceAsync(calls, model));
}

Console.WriteLine($"written {output}");
return 0;
