using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Engine;

/// <summary>
/// The whole dispatch state as a fold over the journal: live commands and the replay on start
/// go through the same <see cref="Apply"/>, so a restarted engine sees exactly what was journaled.
/// </summary>
internal sealed class DispatchState
{
    public Dictionary<string, LinkageUnit> Units { get; } = new(StringComparer.Ordinal);
    public Dictionary<Guid, IncidentRecord> Incidents { get; } = [];
    public Dictionary<Guid, OrderRecord> Orders { get; } = [];
    public long LastSequence { get; private set; }

    public void Apply(DispatchEvent entry)
    {
        LastSequence = entry.Sequence;
        switch (entry.Body)
        {
            case UnitRegistered e:
                Units[e.Unit.Id] = e.Unit;
                break;
            case IncidentOpened e:
                Incidents[e.IncidentId] = new IncidentRecord(e, entry.At);
                break;
            case ResponsibilityAssigned e when Incidents.TryGetValue(e.IncidentId, out var incident):
                incident.ResponsibleUnitId = e.ToUnitId;
                incident.Handovers.Add(new ResponsibilityHandover(e.FromUnitId, e.ToUnitId, entry.At, e.Reason));
                break;
            case OrderCreated e:
                Orders[e.OrderId] = new OrderRecord(e, entry.At);
                if (Incidents.TryGetValue(e.IncidentId, out var owner))
                {
                    owner.OrderIds.Add(e.OrderId);
                }
                break;
            case DeliveryAttemptStarted e when Orders.TryGetValue(e.OrderId, out var order):
                order.Attempts.Add(new AttemptRecord(e, entry.At));
                break;
            case DeliveryAttemptResolved e when Orders.TryGetValue(e.OrderId, out var order)
                                               && e.Attempt >= 1 && e.Attempt <= order.Attempts.Count:
                var attempt = order.Attempts[e.Attempt - 1];
                attempt.State = e.Outcome;
                attempt.Reason = e.Reason;
                break;
            case DeliveryExhausted e when Orders.TryGetValue(e.OrderId, out var order):
                order.DeliveryExhausted = true;
                break;
            case OrderStatusChanged e when Orders.TryGetValue(e.OrderId, out var order):
                order.State = e.State;
                order.History.Add(new OrderStatusRecord(e.State, entry.At, e.Channel, e.Note));
                break;
            case DeadlineAlert e when Orders.TryGetValue(e.OrderId, out var order):
                order.AlertsRaised.Add((e.Deadline, e.Level));
                break;
        }
    }
}
