using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Storage;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Storage;

public class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_orders_are_all_durable_with_fewer_transactions_than_commands()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var incident = await harness.OpenIncidentAsync();
        var transactionsBefore = engine.JournalTransactions;
        const int Orders = 300;

        var results = await Task.WhenAll(Enumerable.Range(0, Orders)
            .Select(i => Task.Run(() => engine.DispatchOrderAsync(incident, i % 2 == 0 ? "police" : "fire", $"order {i}"))));
        var transactions = engine.JournalTransactions - transactionsBefore;

        Assert.All(results, r => Assert.True(r.IsOk, r.Error));
        Assert.InRange(transactions, 1, Orders - 1);
        // Read back through an independent store instance: every acknowledged order is on disk.
        await using var reader = new SqliteJournalStore(harness.DatabasePath);
        var journal = await reader.ReadSinceAsync(0, 100_000, CancellationToken.None);
        var created = journal.Select(e => e.Body).OfType<OrderCreated>().Select(o => o.OrderId).ToHashSet();
        Assert.All(results, r => Assert.Contains(r.Value!.Id, created));
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Schema_migrations_are_versioned_and_idempotent()
    {
        var directory = Directory.CreateTempSubdirectory("dispatch-schema-").FullName;
        var path = Path.Combine(directory, "j.db");
        await using (var store = new SqliteJournalStore(path))
        {
            Assert.Equal(2, await store.InitializeAsync(CancellationToken.None));
            await store.AppendAsync([new DispatchEvent(1, EngineHarness.Start, new UnitRegistered(Units.Police.ToUnit()))], CancellationToken.None);
        }
        await using (var again = new SqliteJournalStore(path))
        {
            Assert.Equal(2, await again.InitializeAsync(CancellationToken.None));
            var events = await again.ReadSinceAsync(0, 10, CancellationToken.None);
            var unit = Assert.IsType<UnitRegistered>(Assert.Single(events).Body).Unit;
            Assert.Equal("城关派出所", unit.Name);
            Assert.Equal([ChannelKind.RadioText, ChannelKind.Fax], unit.Channels.Select(c => c.Kind));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
