using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Core.At;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks.Radio;

/// <summary>
/// Not a BenchmarkDotNet class: per-order percentiles need one timestamp per order. Sends N Chinese text orders
/// one after another through SupervisedPeiTerminal → AT channel → an instantly answering in-memory terminal and
/// measures (a) order call → first byte of its first AT command on the link, (b) order call → delivery report
/// handled; and compares (b) with the time the same bytes need on a 115200 baud 8N1 line.
/// Run: <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- radio-latency [orders]</c>.
/// </summary>
internal static class RadioOrderLatency
{
    private const string Order = "火灾：XX路12号，请立即到场";
    private const double BitsPerByte = 10; // 8N1
    private const double Baud = 115_200;

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        await using var link = new InstantPeiLink();
        await link.OpenAsync();
        await using var channel = new AtCommandChannel(link, new AtChannelOptions());
        await using var terminal = new SupervisedPeiTerminal(channel, new PeiTerminalOptions { Name = "bench" }, TimeProvider.System, NullLoggerFactory.Instance);
        channel.Start();
        await terminal.StartAsync(CancellationToken.None);

        // Warm-up: JIT and pools.
        for (var i = 0; i < 500; i++)
        {
            await terminal.SendTextAsync("warm-" + i, "2001", Order, CancellationToken.None);
            terminal.ForgetKey("warm-" + i);
        }

        var toFirstByte = new double[orders];
        var toReport = new double[orders];
        var bytesBefore = link.BytesToRadio + link.BytesFromRadio;
        for (var i = 0; i < orders; i++)
        {
            var key = "order-" + i.ToString(CultureInfo.InvariantCulture);
            link.Arm();
            var start = Stopwatch.GetTimestamp();
            var result = await terminal.SendTextAsync(key, "2001", Order, CancellationToken.None);
            var end = Stopwatch.GetTimestamp();
            if (result.Outcome != SdsSendOutcome.Received)
            {
                Console.Error.WriteLine($"order {i}: {result.Outcome}");
                return 1;
            }

            toFirstByte[i] = Stopwatch.GetElapsedTime(start, link.FirstWriteTimestamp).TotalMicroseconds;
            toReport[i] = Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
            terminal.ForgetKey(key);
        }

        var bytesPerOrder = (double)(link.BytesToRadio + link.BytesFromRadio - bytesBefore) / orders;
        var wireMicroseconds = bytesPerOrder * BitsPerByte / Baud * 1e6;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"orders: {orders}, text: \"{Order}\" (UTF-16BE), {bytesPerOrder:F0} bytes on the line per order (both ways, no echo)");
        report.AppendLine(CultureInfo.InvariantCulture, $"order -> first byte of AT command: p50 {Percentile(toFirstByte, 0.50):F1} us, p99 {Percentile(toFirstByte, 0.99):F1} us, max {toFirstByte.Max():F1} us");
        report.AppendLine(CultureInfo.InvariantCulture, $"order -> report handled (gateway time, terminal answers at once): p50 {Percentile(toReport, 0.50):F1} us, p99 {Percentile(toReport, 0.99):F1} us");
        report.AppendLine(CultureInfo.InvariantCulture, $"wire time of those bytes at 115200 baud 8N1: {wireMicroseconds:F0} us; gateway share p50 {Share(Percentile(toReport, 0.50), wireMicroseconds):P1}, p99 {Share(Percentile(toReport, 0.99), wireMicroseconds):P1}");
        Console.Write(report.ToString());
        return 0;
    }

    /// <summary>Gateway time as a share of the whole (gateway + wire).</summary>
    private static double Share(double gateway, double wire) => gateway / (gateway + wire);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
