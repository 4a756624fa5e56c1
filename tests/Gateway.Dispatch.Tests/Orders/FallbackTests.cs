using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Orders;

public class FallbackTests
{
    private static readonly TimeSpan RadioTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Silent_radio_falls_back_to_fax_exactly_at_the_radio_timeout()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        var first = await harness.Radio.NextSendAsync();
        await harness.Recorder.WaitForAsync<OrderStatusChanged>(s => s.State == OrderState.Sent);
        var sentAt = harness.Time.GetUtcNow();

        harness.Time.Advance(RadioTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Single(engine.GetOrder(order.Id)!.Attempts);
        Assert.Equal(0, harness.Fax.SendCount);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await harness.Fax.NextSendAsync();

        Assert.Equal(order.Id, second.Delivery.OrderId);
        Assert.Equal(2, second.Delivery.Attempt);
        Assert.NotEqual(first.Key, second.Key);
        var timedOut = await harness.Recorder.WaitForAsync<DeliveryAttemptResolved>(r => r.Outcome == AttemptState.TimedOut);
        Assert.Equal(sentAt + RadioTimeout, timedOut.At);
        var history = engine.GetOrder(order.Id)!.Attempts;
        Assert.Equal([ChannelKind.RadioText, ChannelKind.Fax], history.Select(a => a.Channel));
        Assert.Equal(AttemptState.TimedOut, history[0].State);
        Assert.Equal(sentAt + RadioTimeout, history[1].StartedAt);
        var trail = await engine.ReadOrderEventsAsync(order.Id);
        Assert.Equal(
            ["order.created", "delivery.started", "delivery.resolved", "order.status", "delivery.resolved", "delivery.started"],
            trail.Take(6).Select(e => e.Type));
    }

    [Fact]
    public async Task Acknowledgement_before_the_timeout_stops_the_fallback()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        var send = await harness.Radio.NextSendAsync();

        var ack = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText, send.Key));
        harness.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.True(ack.IsOk, ack.Error);
        Assert.Equal(0, harness.Fax.SendCount);
        var attempt = Assert.Single(engine.GetOrder(order.Id)!.Attempts);
        Assert.Equal(AttemptState.Acknowledged, attempt.State);
    }

    [Fact]
    public async Task A_channel_that_refuses_moves_to_the_next_channel_at_once()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync(radio: ChannelBehaviour.Reject);
        var order = await harness.DispatchAsync("police");

        var fax = await harness.Fax.NextSendAsync();

        Assert.Equal(order.Id, fax.Delivery.OrderId);
        Assert.Equal(EngineHarness.Start, harness.Time.GetUtcNow());
        var failed = await harness.Recorder.WaitForAsync<DeliveryAttemptResolved>(r => r.Attempt == 1);
        Assert.Equal(AttemptState.Failed, ((DeliveryAttemptResolved)failed.Body).Outcome);
    }

    [Fact]
    public async Task A_channel_that_throws_is_treated_as_refused()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync(radio: ChannelBehaviour.Throw);
        await harness.DispatchAsync("police");

        var fax = await harness.Fax.NextSendAsync();

        Assert.Equal(ChannelKind.Fax, fax.Delivery.Channel);
    }

    [Fact]
    public async Task Phone_channel_without_an_adapter_is_journaled_as_failed_and_skipped()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("housing", IncidentCategory.ManholeCover);
        await harness.Terminal.NextSendAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(60));
        var fax = await harness.Fax.NextSendAsync();

        Assert.Equal(3, fax.Delivery.Attempt);
        var attempts = engine.GetOrder(order.Id)!.Attempts;
        Assert.Equal(AttemptState.Failed, attempts[1].State);
        Assert.Equal(ChannelKind.Phone, attempts[1].Channel);
        Assert.Contains("no Phone channel", attempts[1].Reason);
    }

    [Fact]
    public async Task Fax_delivered_ends_the_fallback_and_exhaustion_escalates_when_nothing_answers()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var delivered = await harness.DispatchAsync("police");
        var silent = await harness.DispatchAsync("fire", IncidentCategory.Fire);
        harness.Time.Advance(RadioTimeout);
        var faxes = new[] { await harness.Fax.NextSendAsync(), await harness.Fax.NextSendAsync() };
        var deliveredKey = faxes.Single(f => f.Delivery.OrderId == delivered.Id).Key;

        var report = await engine.ReportStatusAsync(new OrderStatusReport(delivered.Id, OrderState.Delivered, ChannelKind.Fax, deliveredKey));
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var exhausted = await harness.Recorder.WaitForAsync<DeliveryExhausted>();

        Assert.True(report.IsOk, report.Error);
        Assert.Equal(silent.Id, ((DeliveryExhausted)exhausted.Body).OrderId);
        Assert.Contains(((DeliveryExhausted)exhausted.Body).Recipients, r => r.Role == RecipientRole.UnitSupervisor && r.Name == "fire chief");
        Assert.Equal(OrderState.Delivered, engine.GetOrder(delivered.Id)!.State);
        Assert.DoesNotContain(harness.Recorder.Events, e => e.Body is DeliveryExhausted x && x.OrderId == delivered.Id);
    }

    [Fact]
    public async Task Channel_reported_failure_after_acceptance_moves_on_and_a_late_report_is_a_duplicate()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        await harness.DispatchAsync("police");
        var radio = await harness.Radio.NextSendAsync();

        var failed = await engine.ReportDeliveryFailedAsync(radio.Key, "terminal out of coverage");
        var fax = await harness.Fax.NextSendAsync();
        var again = await engine.ReportDeliveryFailedAsync(radio.Key, "again");

        Assert.True(failed.IsOk, failed.Error);
        Assert.Equal(2, fax.Delivery.Attempt);
        Assert.Equal(Gateway.Dispatch.Engine.DispatchStatus.Duplicate, again.Status);
    }
}
