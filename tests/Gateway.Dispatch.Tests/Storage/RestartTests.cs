using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Storage;

public class RestartTests
{
    [Fact]
    public async Task Attempt_journaled_as_sent_is_not_resent_and_its_fallback_timer_resumes()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        var firstKey = (await harness.Radio.NextSendAsync()).Key;
        await harness.Recorder.WaitForAsync<DeliveryAttemptResolved>(r => r.Outcome == AttemptState.Sent);
        await harness.StopAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var engine = await harness.StartAsync();
        Assert.Equal(OrderState.Sent, engine.GetOrder(order.Id)!.State);
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, harness.Fax.SendCount);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var fax = await harness.Fax.NextSendAsync();

        Assert.Equal(0, harness.Radio.SendCount);
        Assert.Equal(order.Id, fax.Delivery.OrderId);
        Assert.Equal(2, fax.Delivery.Attempt);
        Assert.NotEqual(firstKey, fax.Key);
    }

    [Fact]
    public async Task Attempt_whose_send_was_never_confirmed_is_marked_unknown_and_repeated_with_the_same_key()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync(radio: ChannelBehaviour.Hang);
        var order = await harness.DispatchAsync("police");
        var hungKey = (await harness.Radio.NextSendAsync()).Key;
        await harness.StopAsync();

        var engine = await harness.StartAsync();
        var resent = await harness.Radio.NextSendAsync();
        await harness.Recorder.WaitForAsync<DeliveryAttemptResolved>(r => r.Outcome == AttemptState.Sent);

        Assert.Equal(hungKey, resent.Key);
        Assert.Equal(1, harness.Radio.SendCount);
        var attempt = Assert.Single(engine.GetOrder(order.Id)!.Attempts);
        Assert.Equal(AttemptState.Sent, attempt.State);
        var events = await engine.ReadEventsSinceAsync(0, 1000);
        Assert.Contains(events, e => e.Body is DeliveryAttemptResolved { Outcome: AttemptState.Unknown });
    }

    [Fact]
    public async Task Deadline_timers_are_recomputed_from_the_journal_after_a_restart()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync(fax: ChannelBehaviour.Hang);
        var order = await harness.DispatchAsync("police");
        await harness.Radio.NextSendAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Level == AlertLevel.Reminder);
        await harness.StopAsync();

        // Down for 20 minutes: the escalation (due at +15 min) fires at once on start, the reminder is not repeated.
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        var engine = await harness.StartAsync(fax: ChannelBehaviour.Hang);
        var escalation = await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Level == AlertLevel.Escalation && a.Deadline == DeadlineKind.Acknowledge);

        Assert.Equal(order.Id, ((DeadlineAlert)escalation.Body).OrderId);
        Assert.Equal(EngineHarness.Start.AddMinutes(25), escalation.At);
        var journal = await engine.ReadEventsSinceAsync(0, 1000);
        Assert.Single(journal, e => e.Body is DeadlineAlert { Level: AlertLevel.Reminder, Deadline: DeadlineKind.Acknowledge });
    }

    [Fact]
    public async Task State_and_sequence_numbers_continue_after_a_restart()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));
        var lastBefore = engine.LastSequence;
        await harness.StopAsync();

        engine = await harness.StartAsync();
        var onScene = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.OnScene, ChannelKind.RadioText));

        Assert.True(onScene.IsOk, onScene.Error);
        Assert.Equal(lastBefore + 1, engine.LastSequence);
        Assert.Equal("police", engine.GetIncident(order.IncidentId)!.ResponsibleUnitId);
        Assert.Equal(0, harness.Radio.SendCount);
    }
}
