using System.Diagnostics;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Storage;

namespace Gateway.Benchmarks.Dispatch;

/// <summary>Figures from one run: throughput of accepted+journaled orders and command → first channel write latency.</summary>
public sealed record DispatchBurstFigures(
    string Mode,
    int Orders,
    double Seconds,
    double OrdersPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    long JournalTransactions,
    long ManagedBytesAfter,
    long WorkingSetBytesAfter);

/// <summary>
/// Submits orders to a real engine over SQLite (WAL, synchronous=FULL) in a temp dir with a no-op channel that
/// stamps the moment it is called. "Accepted" means the command returned, i.e. the order is journaled.
/// </summary>
public static class DispatchBurstMeasurement
{
    public static async Task<DispatchBurstFigures> RunAsync(int orders, bool burst, int pacedPerSecond = 1000)
    {
        var directory = Directory.CreateTempSubdirectory("dispatch-bench-").FullName;
        var channel = new StampingChannel(orders);
        var options = new DispatchOptions
        {
            DatabasePath = Path.Combine(directory, "dispatch.db"),
            Units =
            [
                new UnitOptions
                {
                    Id = "police", Name = "police", Tier = UnitTier.Tier1, Role = UnitRole.PublicSecurity, DutyPhone = "110",
                    Channels = [new UnitChannelOptions { Kind = ChannelKind.RadioText, Address = "1001" }],
                },
            ],
        };
        await using var store = new SqliteJournalStore(options.DatabasePath);
        var engine = await DispatchEngine.StartAsync(options, store, [channel], TimeProvider.System);
        try
        {
            var opening = await engine.OpenIncidentAsync(new IncidentDraft(IncidentCategory.Criminal, "bench", null, true, IncidentPriority.High, null));
            var incident = opening.Value!.Incident.Id;
            var texts = Enumerable.Range(0, orders).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var started = new long[orders];
            var transactionsBefore = engine.JournalTransactions;
            GC.Collect();
            var clock = Stopwatch.StartNew();
            if (burst)
            {
                var pending = new Task<DispatchResult<OrderSnapshot>>[orders];
                for (var i = 0; i < orders; i++)
                {
                    started[i] = Stopwatch.GetTimestamp();
                    pending[i] = engine.DispatchOrderAsync(incident, "police", texts[i]);
                }
                await Task.WhenAll(pending);
            }
            else
            {
                var interval = TimeSpan.FromSeconds(1.0 / pacedPerSecond);
                for (var i = 0; i < orders; i++)
                {
                    var due = TimeSpan.FromTicks(interval.Ticks * i);
                    while (clock.Elapsed < due)
                    {
                        Thread.SpinWait(50);
                    }
                    started[i] = Stopwatch.GetTimestamp();
                    await engine.DispatchOrderAsync(incident, "police", texts[i]);
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await channel.AllSent.WaitAsync(TimeSpan.FromMinutes(2));
            var latencies = Enumerable.Range(0, orders)
                .Select(i => Stopwatch.GetElapsedTime(started[i], channel.SentAt[i]).TotalMilliseconds)
                .Order()
                .ToArray();
            var transactions = engine.JournalTransactions - transactionsBefore;
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var workingSet = Process.GetCurrentProcess().WorkingSet64;
            return new DispatchBurstFigures(
                burst ? "burst" : $"paced {pacedPerSecond}/s", orders, seconds, orders / seconds,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], transactions, managed, workingSet);
        }
        finally
        {
            await engine.DisposeAsync();
            await store.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Accepts everything and records when each order (numbered by its text) first reached it.</summary>
    private sealed class StampingChannel(int expected) : IOrderChannel
    {
        private int _remaining = expected;
        private readonly TaskCompletionSource _allSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long[] SentAt { get; } = new long[expected];
        public Task AllSent => _allSent.Task;
        public ChannelKind Kind => ChannelKind.RadioText;

        public ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            if (int.TryParse(delivery.Text, out var index) && index < SentAt.Length && SentAt[index] == 0)
            {
                SentAt[index] = now;
                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    _allSent.TrySetResult();
                }
            }
            return ValueTask.FromResult(ChannelSendResult.Accepted);
        }
    }
}
