using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Engine;

/// <summary>Mutable in-memory order, changed only by <see cref="DispatchState.Apply"/> under the engine's gate.</summary>
internal sealed class OrderRecord(OrderCreated created, DateTimeOffset at)
{
    public OrderCreated Created { get; } = created;
    public Guid Id => Created.OrderId;
    public OrderState State { get; set; } = OrderState.Created;
    public List<OrderStatusRecord> History { get; } = [new(OrderState.Created, at, null, null)];
    public List<AttemptRecord> Attempts { get; } = [];
    public bool DeliveryExhausted { get; set; }
    public HashSet<(DeadlineKind Deadline, AlertLevel Level)> AlertsRaised { get; } = [];

    public AttemptRecord? CurrentAttempt => Attempts.Count > 0 ? Attempts[^1] : null;

    public bool Reached(OrderState state) => History.Exists(h => h.State == state);

    public bool IsMet(DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.Acknowledge => State >= OrderState.Acknowledged,
        DeadlineKind.Arrive => Reached(OrderState.OnScene),
        _ => State == OrderState.FeedbackReceived,
    };

    public OrderSnapshot ToSnapshot() => new(
        Id, Created.IncidentId, Created.UnitId, Created.UnitTier, Created.Category, Created.Text, State, Created.Deadlines,
        [.. History], [.. Attempts.Select(a => a.ToSnapshot())]);
}

internal sealed class AttemptRecord(DeliveryAttemptStarted started, DateTimeOffset at)
{
    public DeliveryAttemptStarted Started { get; } = started;
    public DateTimeOffset StartedAt { get; } = at;
    public AttemptState State { get; set; } = AttemptState.Pending;
    public string? Reason { get; set; }

    /// <summary>Still waiting for the unit: a timeout on it moves to the next channel.</summary>
    public bool IsOpen => State is AttemptState.Pending or AttemptState.Sent or AttemptState.Unknown or AttemptState.Delivered;

    public DeliveryAttemptSnapshot ToSnapshot() => new(
        Started.Attempt, Started.Channel, Started.Address, Started.Key.ToString(), State, StartedAt, Started.AckDueAt, Reason);
}

internal sealed class IncidentRecord(IncidentOpened opened, DateTimeOffset at)
{
    public IncidentOpened Opened { get; } = opened;
    public DateTimeOffset OpenedAt { get; } = at;
    public string? ResponsibleUnitId { get; set; }
    public List<ResponsibilityHandover> Handovers { get; } = [];
    public List<Guid> OrderIds { get; } = [];

    public IncidentSnapshot ToSnapshot() => new(
        Opened.IncidentId, Opened.Details, OpenedAt, Opened.LeadUnitId, ResponsibleUnitId,
        Opened.NeedsWorkOrder12345, Opened.HandedToMaritimeRescue, [.. Handovers], [.. OrderIds]);
}
