using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Storage;

public class EventFeedTests
{
    [Fact]
    public async Task Events_since_a_sequence_come_in_order_without_gaps()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));
        var all = await engine.ReadEventsSinceAsync(0, 10_000);

        var since = await engine.ReadEventsSinceAsync(3, 10_000);

        Assert.Equal(all.Skip(3).Select(e => e.Sequence), since.Select(e => e.Sequence));
        Assert.Equal(4, since[0].Sequence);
        Assert.Equal(engine.LastSequence, since[^1].Sequence);
        Assert.Contains(since, e => e.Body is OrderStatusChanged { State: OrderState.Acknowledged });
        // Live observers saw the same events, in the same order, as the journal holds.
        var live = harness.Recorder.Events.Select(e => e.Sequence).ToList();
        Assert.Equal(all.Select(e => e.Sequence).Where(s => s >= live[0]), live);
    }

    [Fact]
    public async Task Follower_from_a_sequence_gets_the_backlog_then_live_events_exactly_once()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        var resumeFrom = engine.LastSequence - 2;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<long>();
        var enumerator = engine.FollowEventsAsync(resumeFrom, cancel.Token).GetAsyncEnumerator(cancel.Token);

        // Backlog first.
        Assert.True(await enumerator.MoveNextAsync());
        received.Add(enumerator.Current.Sequence);
        // Live events committed while the follower is open, some racing the backlog read.
        var live = Task.Run(async () =>
        {
            await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));
            await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.EnRoute, ChannelKind.RadioText));
            return engine.LastSequence;
        });
        var target = await live;
        while (received[^1] < target && await enumerator.MoveNextAsync())
        {
            received.Add(enumerator.Current.Sequence);
        }
        await enumerator.DisposeAsync();

        Assert.Equal(Enumerable.Range((int)resumeFrom + 1, (int)(target - resumeFrom)).Select(i => (long)i), received);
    }
}
