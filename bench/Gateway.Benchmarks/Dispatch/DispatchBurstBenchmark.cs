using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace Gateway.Benchmarks.Dispatch;

/// <summary>
/// 10,000 orders in a burst into the dispatch engine (SQLite in a temp dir, no-op channel), plus a paced run for
/// the per-command latency. Run: <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- --filter *DispatchBurst*</c>.
/// Own figures (throughput, p99 command → first channel write, memory) go to bench/results/dispatch.md.
/// </summary>
[Config(typeof(DispatchBurstConfig))]
public class DispatchBurstBenchmark
{
    private readonly List<DispatchBurstFigures> _figures = [];

    [Benchmark]
    public async Task Burst10000Orders() => _figures.Add(await DispatchBurstMeasurement.RunAsync(10_000, burst: true));

    [Benchmark]
    public async Task Paced2000OrdersAt1000PerSecond() => _figures.Add(await DispatchBurstMeasurement.RunAsync(2_000, burst: false, pacedPerSecond: 1000));

    [GlobalCleanup]
    public void WriteFigures()
    {
        if (_figures.Count == 0)
        {
            return;
        }
        var path = Path.Combine(FindRepositoryRoot(), "bench", "results", "dispatch.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.Append("# Dispatch engine: orders accepted + journaled, command → first channel write\n\n");
            text.Append("SQLite WAL synchronous=FULL in a temp dir, no-op channel, System time. Each row is one run.\n\n");
            text.Append("| when (UTC) | load avg (1 min) | mode | orders | seconds | orders/s | p50 ms | p99 ms | max ms | journal tx | managed MB after | working set MB |\n");
            text.Append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        }
        foreach (var f in _figures)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {LoadAverage()} | {f.Mode} | {f.Orders} | {f.Seconds:0.000} | {f.OrdersPerSecond:0} | {f.P50Milliseconds:0.000} | {f.P99Milliseconds:0.000} | {f.MaxMilliseconds:0.000} | {f.JournalTransactions} | {f.ManagedBytesAfter / 1048576.0:0.0} | {f.WorkingSetBytesAfter / 1048576.0:0.0} |\n");
        }
        File.AppendAllText(path, text.ToString());
        _figures.Clear();
    }

    /// <summary>The machine is shared; the load average says how much of it the run had.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmergencyGateway.slnx")))
            {
                return directory.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
