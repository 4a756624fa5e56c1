using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Engine;

public class OrderLifecycleTests
{
    [Fact]
    public async Task Order_walks_every_state_with_time_and_channel_recorded()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        await harness.Recorder.WaitForAsync<OrderStatusChanged>(s => s.State == OrderState.Sent);
        var steps = new (OrderState State, ChannelKind? Channel)[]
        {
            (OrderState.Delivered, ChannelKind.RadioText),
            (OrderState.Acknowledged, ChannelKind.RadioText),
            (OrderState.EnRoute, ChannelKind.RadioText),
            (OrderState.OnScene, ChannelKind.DutyTerminal),
            (OrderState.Completed, ChannelKind.DutyTerminal),
            (OrderState.FeedbackReceived, null),
        };

        foreach (var (state, channel) in steps)
        {
            harness.Time.Advance(TimeSpan.FromMinutes(1));
            var result = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, state, channel));
            Assert.True(result.IsOk, result.Error);
        }

        var history = engine.GetOrder(order.Id)!.History;
        Assert.Equal(
            [OrderState.Created, OrderState.Sent, OrderState.Delivered, OrderState.Acknowledged, OrderState.EnRoute, OrderState.OnScene, OrderState.Completed, OrderState.FeedbackReceived],
            history.Select(h => h.State));
        Assert.Equal(ChannelKind.RadioText, history[1].Channel);
        Assert.Equal(ChannelKind.DutyTerminal, history[5].Channel);
        Assert.Null(history[7].Channel);
        Assert.Equal(EngineHarness.Start.AddMinutes(4), history[5].At);
    }

    [Fact]
    public async Task Illegal_transition_is_rejected_and_changes_nothing()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        var before = engine.LastSequence;

        var result = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Completed, ChannelKind.RadioText));

        Assert.Equal(DispatchStatus.IllegalTransition, result.Status);
        Assert.Contains("Completed cannot follow", result.Error);
        Assert.Equal(before, engine.LastSequence);
    }

    [Fact]
    public async Task Tier_3_unit_reporting_on_scene_is_rejected()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("weather", IncidentCategory.NaturalDisaster);
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.Fax));

        var onScene = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.OnScene, ChannelKind.Fax));
        var completed = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Completed, ChannelKind.Fax));

        Assert.Equal(DispatchStatus.IllegalTransition, onScene.Status);
        Assert.True(completed.IsOk, completed.Error);
        Assert.Null(order.Deadlines.ArriveBy);
    }

    [Fact]
    public async Task Second_acknowledgement_is_a_duplicate_and_unknown_orders_are_not_found()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));

        var again = await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.DutyTerminal));
        var missing = await engine.ReportStatusAsync(new OrderStatusReport(Guid.NewGuid(), OrderState.Acknowledged, null));
        var noUnit = await engine.DispatchOrderAsync(order.IncidentId, "nobody", "go");

        Assert.Equal(DispatchStatus.Duplicate, again.Status);
        Assert.Equal(DispatchStatus.NotFound, missing.Status);
        Assert.Equal(DispatchStatus.NotFound, noUnit.Status);
    }

    [Fact]
    public async Task First_unit_to_acknowledge_becomes_responsible_and_the_handover_is_recorded()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var incident = await harness.OpenIncidentAsync(IncidentCategory.DogAttack);
        var policeOrder = (await engine.DispatchOrderAsync(incident, "police", "先期处置")).Value!;
        var fireOrder = (await engine.DispatchOrderAsync(incident, "fire", "协助")).Value!;

        await engine.ReportStatusAsync(new OrderStatusReport(policeOrder.Id, OrderState.Acknowledged, ChannelKind.RadioText));
        await engine.ReportStatusAsync(new OrderStatusReport(fireOrder.Id, OrderState.Acknowledged, ChannelKind.RadioText));
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        var handover = await engine.HandOverAsync(incident, "fire", "动物伤人由消防接手");
        var repeat = await engine.HandOverAsync(incident, "fire", "again");

        Assert.True(handover.IsOk, handover.Error);
        var snapshot = handover.Value!;
        Assert.Equal("fire", snapshot.ResponsibleUnitId);
        Assert.Equal(2, snapshot.Handovers.Count);
        Assert.Equal(new ResponsibilityHandover(null, "police", EngineHarness.Start, "first to acknowledge (首接负责)"), snapshot.Handovers[0]);
        Assert.Equal(new ResponsibilityHandover("police", "fire", EngineHarness.Start.AddMinutes(20), "动物伤人由消防接手"), snapshot.Handovers[1]);
        Assert.Equal(DispatchStatus.Duplicate, repeat.Status);
    }

    [Fact]
    public async Task Maritime_incident_is_handed_to_the_maritime_centre_at_once()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();

        var opening = await engine.OpenIncidentAsync(new IncidentDraft(IncidentCategory.Shipwreck, "东极岛以东 3 海里", new GeoPoint(30.18, 122.68), true, IncidentPriority.Critical, "渔船进水"));
        var radio = await harness.Radio.NextSendAsync();

        Assert.True(opening.IsOk, opening.Error);
        Assert.True(opening.Value!.Incident.HandedToMaritimeRescue);
        Assert.Equal("msar", opening.Value.MaritimeOrder?.UnitId);
        Assert.Equal("msar", radio.Delivery.UnitId);
        Assert.Contains("东极岛", radio.Delivery.Text);
    }

    [Fact]
    public async Task Non_emergency_incident_from_a_call_is_marked_for_12345()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();

        var opening = await engine.OpenIncidentAsync(new IncidentDraft(
            IncidentCategory.WaterFailure, "新村 5 幢", null, false, IncidentPriority.Low, "水压低",
            new AlarmCall("13800000000", "call-1@trunk", "rec/2026/03/02/call-1.wav")));

        Assert.True(opening.Value!.Incident.NeedsWorkOrder12345);
        Assert.Null(opening.Value.Decision.LeadUnit);
        Assert.Equal("13800000000", engine.GetIncident(opening.Value.Incident.Id)!.Details.Call!.CallerNumber);
    }

    [Fact]
    public async Task Units_registered_through_the_api_are_validated_and_journaled()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var gas = Units.Unit("gas", "燃气公司", UnitTier.Tier1, UnitRole.Department, UnitArea.Urban, [IncidentCategory.GasFailure], ChannelKind.Fax).ToUnit();
        var broken = gas with { Id = "broken", Channels = [] };

        var ok = await engine.RegisterUnitAsync(gas);
        var bad = await engine.RegisterUnitAsync(broken);
        await harness.StopAsync();
        var restarted = await harness.StartAsync();

        Assert.True(ok.IsOk);
        Assert.Equal(DispatchStatus.Invalid, bad.Status);
        Assert.Contains(restarted.Units, u => u.Id == "gas" && u.Name == "燃气公司");
        Assert.DoesNotContain(restarted.Units, u => u.Id == "broken");
    }
}
