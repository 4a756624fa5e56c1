using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Storage;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Storage;

/// <summary>What every journal store must do, run against SQLite and PostgreSQL alike.</summary>
public abstract class JournalStoreContract
{
    protected abstract Task<Func<IJournalStore>> NewStoreFactoryAsync();

    private static DispatchEvent[] SampleEvents(int count, long firstSequence)
    {
        var orderId = Guid.NewGuid();
        return [.. Enumerable.Range(0, count).Select(i => new DispatchEvent(
            firstSequence + i,
            EngineHarness.Start.AddSeconds(i),
            i % 2 == 0
                ? new OrderStatusChanged(orderId, OrderState.Acknowledged, ChannelKind.RadioText, "签收 " + i)
                : new DeliveryAttemptStarted(orderId, i, ChannelKind.Fax, "0574-8888", EngineHarness.Start.AddMinutes(5))))];
    }

    [Fact]
    public async Task Migrates_to_the_latest_version_once()
    {
        var factory = await NewStoreFactoryAsync();
        await using (var store = factory())
        {
            Assert.Equal(2, await store.InitializeAsync(CancellationToken.None));
        }
        await using var again = factory();
        Assert.Equal(2, await again.InitializeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Appended_events_read_back_identical_and_in_order_from_a_new_instance()
    {
        var factory = await NewStoreFactoryAsync();
        var events = SampleEvents(50, 1);
        await using (var writer = factory())
        {
            await writer.InitializeAsync(CancellationToken.None);
            await writer.AppendAsync(events[..20], CancellationToken.None);
            await writer.AppendAsync(events[20..], CancellationToken.None);
        }
        await using var reader = factory();
        await reader.InitializeAsync(CancellationToken.None);

        var all = await reader.ReadSinceAsync(0, 1000, CancellationToken.None);
        var page = await reader.ReadSinceAsync(45, 3, CancellationToken.None);

        Assert.Equal(events, all);
        Assert.Equal([46L, 47L, 48L], page.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Engine_restarted_over_the_store_keeps_orders_and_does_not_resend()
    {
        var factory = await NewStoreFactoryAsync();
        await using var harness = new EngineHarness(storeFactory: factory);
        await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        await harness.Recorder.WaitForAsync<DeliveryAttemptResolved>(r => r.Outcome == AttemptState.Sent);
        await harness.StopAsync();

        var engine = await harness.StartAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(90));
        var fax = await harness.Fax.NextSendAsync();

        Assert.Equal(OrderState.Sent, engine.GetOrder(order.Id)!.State);
        Assert.Equal(0, harness.Radio.SendCount);
        Assert.Equal(order.Id, fax.Delivery.OrderId);
    }

    [Fact]
    public async Task Events_of_one_order_are_found_by_its_id()
    {
        var factory = await NewStoreFactoryAsync();
        await using var store = factory();
        await store.InitializeAsync(CancellationToken.None);
        var first = SampleEvents(4, 1);
        var second = SampleEvents(3, 5);
        await store.AppendAsync([.. first, .. second, new DispatchEvent(8, EngineHarness.Start, new UnitRegistered(Units.Fire.ToUnit()))], CancellationToken.None);

        var found = await store.ReadOrderAsync(second[0].Body.RelatedOrderId!.Value, CancellationToken.None);

        Assert.Equal([5L, 6L, 7L], found.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_duplicate_sequence_fails_the_whole_batch()
    {
        var factory = await NewStoreFactoryAsync();
        await using var store = factory();
        await store.InitializeAsync(CancellationToken.None);
        await store.AppendAsync(SampleEvents(3, 1), CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(SampleEvents(3, 3), CancellationToken.None));

        var all = await store.ReadSinceAsync(0, 100, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Sequence));
    }
}

public sealed class SqliteJournalStoreTests : JournalStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dispatch-store-").FullName;

    protected override Task<Func<IJournalStore>> NewStoreFactoryAsync()
    {
        var path = Path.Combine(_directory, "journal.db");
        return Task.FromResult<Func<IJournalStore>>(() => new SqliteJournalStore(path));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class NpgsqlJournalStoreTests(PostgresServer server) : JournalStoreContract, IClassFixture<PostgresServer>
{
    protected override async Task<Func<IJournalStore>> NewStoreFactoryAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        return () => new NpgsqlJournalStore(connectionString);
    }
}
