using Gateway.Dispatch.Events;
using Gateway.Dispatch.Storage;
using Gateway.Dispatch.Tests.Support;
using NSubstitute;

namespace Gateway.Dispatch.Tests.Storage;

public class JournalFailureTests
{
    [Fact]
    public async Task A_command_whose_journal_write_fails_is_not_acknowledged_and_nothing_is_sent()
    {
        var store = Substitute.For<IJournalStore>();
        store.InitializeAsync(Arg.Any<CancellationToken>()).Returns(2);
        store.ReadSinceAsync(Arg.Any<long>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<DispatchEvent>());
        var failAppends = false;
        store.AppendAsync(Arg.Any<IReadOnlyList<DispatchEvent>>(), Arg.Any<CancellationToken>())
            .Returns(_ => failAppends ? Task.FromException(new IOException("disk full")) : Task.CompletedTask);
        await using var harness = new EngineHarness(storeFactory: () => store);
        var engine = await harness.StartAsync();
        var incident = await harness.OpenIncidentAsync();
        failAppends = true;

        var first = await Assert.ThrowsAsync<IOException>(() => engine.DispatchOrderAsync(incident, "police", "go"));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.DispatchOrderAsync(incident, "police", "go again"));

        Assert.Equal("disk full", first.Message);
        Assert.Contains("journal failed", later.Message);
        Assert.Equal(0, harness.Radio.SendCount);
    }

    [Fact]
    public async Task An_observer_that_throws_does_not_stop_the_others_or_the_journal()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var faulty = Substitute.For<IDispatchEventObserver>();
        faulty.When(o => o.OnCommitted(Arg.Any<IReadOnlyList<DispatchEvent>>())).Do(_ => throw new InvalidOperationException("client gone"));
        using var subscription = engine.Subscribe(faulty);
        var healthy = new EventRecorder();
        using var healthySubscription = engine.Subscribe(healthy);

        var order = await harness.DispatchAsync("police");
        await healthy.WaitForAsync<OrderCreated>(o => o.OrderId == order.Id);

        Assert.NotNull(engine.GetOrder(order.Id));
        faulty.ReceivedWithAnyArgs().OnCommitted(default!);
    }
}
