using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Deadlines;

public class EscalationTests
{
    [Fact]
    public async Task Missed_acknowledgement_reminds_at_the_deadline_and_escalates_to_the_supervisor_later()
    {
        await using var harness = new EngineHarness();
        await harness.StartAsync(fax: ChannelBehaviour.Hang);
        var order = await harness.DispatchAsync("police");
        await harness.Radio.NextSendAsync();

        harness.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(harness.Recorder.Events, e => e.Body is DeadlineAlert);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var reminder = await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Level == AlertLevel.Reminder);

        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var escalation = await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Level == AlertLevel.Escalation);

        var remind = (DeadlineAlert)reminder.Body;
        Assert.Equal(DeadlineKind.Acknowledge, remind.Deadline);
        Assert.Equal(order.Id, remind.OrderId);
        Assert.Equal(EngineHarness.Start.AddMinutes(5), reminder.At);
        Assert.Equal([RecipientRole.Dispatcher, RecipientRole.UnitDuty], remind.Recipients.Select(r => r.Role));
        var escalate = (DeadlineAlert)escalation.Body;
        Assert.Equal(EngineHarness.Start.AddMinutes(15), escalation.At);
        Assert.Equal(DeadlineKind.Acknowledge, escalate.Deadline);
        Assert.Equal(new AlertRecipient(RecipientRole.UnitSupervisor, "police chief", "0574-2000"), escalate.Recipients[1]);
    }

    [Fact]
    public async Task Late_arrival_is_reminded_but_a_met_deadline_raises_nothing()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var late = await harness.DispatchAsync("police");
        var onTime = await harness.DispatchAsync("fire", IncidentCategory.Fire);
        foreach (var id in new[] { late.Id, onTime.Id })
        {
            await engine.ReportStatusAsync(new OrderStatusReport(id, OrderState.Acknowledged, ChannelKind.RadioText));
        }
        harness.Time.Advance(TimeSpan.FromMinutes(14));
        await engine.ReportStatusAsync(new OrderStatusReport(onTime.Id, OrderState.OnScene, ChannelKind.RadioText));

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var alert = await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Deadline == DeadlineKind.Arrive);
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Deadline == DeadlineKind.Arrive && a.Level == AlertLevel.Escalation);

        Assert.Equal(late.Id, ((DeadlineAlert)alert.Body).OrderId);
        Assert.Equal(EngineHarness.Start.AddMinutes(15), ((DeadlineAlert)alert.Body).DueAt);
        var alerts = harness.Recorder.Events.Select(e => e.Body).OfType<DeadlineAlert>().ToList();
        Assert.DoesNotContain(alerts, a => a.OrderId == onTime.Id);
        Assert.DoesNotContain(alerts, a => a.Deadline == DeadlineKind.Acknowledge);
    }

    [Fact]
    public async Task Feedback_after_24_hours_is_escalated_and_feedback_in_time_is_not()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var late = await harness.DispatchAsync("weather", IncidentCategory.NaturalDisaster);
        var prompt = await harness.DispatchAsync("weather", IncidentCategory.NaturalDisaster);
        foreach (var id in new[] { late.Id, prompt.Id })
        {
            await engine.ReportStatusAsync(new OrderStatusReport(id, OrderState.Acknowledged, ChannelKind.Fax));
            await engine.ReportStatusAsync(new OrderStatusReport(id, OrderState.Completed, ChannelKind.Fax));
        }
        harness.Time.Advance(TimeSpan.FromHours(23));
        await engine.ReportStatusAsync(new OrderStatusReport(prompt.Id, OrderState.FeedbackReceived, ChannelKind.Fax));

        harness.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));
        var escalation = await harness.Recorder.WaitForAsync<DeadlineAlert>(a => a.Deadline == DeadlineKind.Feedback && a.Level == AlertLevel.Escalation);

        Assert.Equal(late.Id, ((DeadlineAlert)escalation.Body).OrderId);
        Assert.DoesNotContain(harness.Recorder.Events, e => e.Body is DeadlineAlert a && a.OrderId == prompt.Id);
    }

    [Fact]
    public async Task Night_dispatch_to_a_rural_town_gets_the_night_arrival_deadline()
    {
        var night = new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.FromHours(8));
        await using var harness = new EngineHarness(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(night));
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("town", IncidentCategory.NaturalDisaster);
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));

        harness.Time.Advance(TimeSpan.FromMinutes(25));
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.OnScene, ChannelKind.RadioText));
        harness.Time.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(night.AddMinutes(30), order.Deadlines.ArriveBy);
        Assert.DoesNotContain(harness.Recorder.Events, e => e.Body is DeadlineAlert { Deadline: DeadlineKind.Arrive });
    }
}
