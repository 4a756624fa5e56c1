using System.Text.Json.Serialization;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Events;

/// <summary>
/// One journaled change. <see cref="Sequence"/> increases by one per event and is the position a
/// client resumes from ("everything since N").
/// </summary>
public sealed record DispatchEvent(long Sequence, DateTimeOffset At, DispatchEventBody Body)
{
    public string Type => Body.TypeName;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UnitRegistered), "unit.registered")]
[JsonDerivedType(typeof(IncidentOpened), "incident.opened")]
[JsonDerivedType(typeof(ResponsibilityAssigned), "incident.responsibility")]
[JsonDerivedType(typeof(OrderCreated), "order.created")]
[JsonDerivedType(typeof(DeliveryAttemptStarted), "delivery.started")]
[JsonDerivedType(typeof(DeliveryAttemptResolved), "delivery.resolved")]
[JsonDerivedType(typeof(DeliveryExhausted), "delivery.exhausted")]
[JsonDerivedType(typeof(OrderStatusChanged), "order.status")]
[JsonDerivedType(typeof(DeadlineAlert), "deadline.alert")]
public abstract record DispatchEventBody
{
    [JsonIgnore]
    public abstract string TypeName { get; }

    /// <summary>The order this event belongs to, for per-order queries.</summary>
    [JsonIgnore]
    public virtual Guid? RelatedOrderId => null;
}

public sealed record UnitRegistered(LinkageUnit Unit) : DispatchEventBody
{
    public override string TypeName => "unit.registered";
}

public sealed record IncidentOpened(
    Guid IncidentId,
    IncidentDraft Details,
    string? LeadUnitId,
    bool NeedsWorkOrder12345,
    bool HandedToMaritimeRescue) : DispatchEventBody
{
    public override string TypeName => "incident.opened";
}

/// <summary>First responsibility taken (From is null) or handed over to the competent unit.</summary>
public sealed record ResponsibilityAssigned(Guid IncidentId, string? FromUnitId, string ToUnitId, string Reason) : DispatchEventBody
{
    public override string TypeName => "incident.responsibility";
}

public sealed record OrderCreated(
    Guid OrderId,
    Guid IncidentId,
    string UnitId,
    UnitTier UnitTier,
    IncidentCategory Category,
    string Text,
    OrderDeadlines Deadlines) : DispatchEventBody
{
    public override string TypeName => "order.created";
    public override Guid? RelatedOrderId => OrderId;
}

/// <summary>Journaled before the send, so a restart knows the attempt and its key.</summary>
public sealed record DeliveryAttemptStarted(
    Guid OrderId,
    int Attempt,
    ChannelKind Channel,
    string Address,
    DateTimeOffset AckDueAt) : DispatchEventBody
{
    public override string TypeName => "delivery.started";
    public override Guid? RelatedOrderId => OrderId;
    public DeliveryKey Key => new(OrderId, Attempt, Channel);
}

public sealed record DeliveryAttemptResolved(Guid OrderId, int Attempt, AttemptState Outcome, string? Reason) : DispatchEventBody
{
    public override string TypeName => "delivery.resolved";
    public override Guid? RelatedOrderId => OrderId;
}

/// <summary>Every channel of the unit was tried without acknowledgement.</summary>
public sealed record DeliveryExhausted(Guid OrderId, IReadOnlyList<AlertRecipient> Recipients) : DispatchEventBody
{
    public override string TypeName => "delivery.exhausted";
    public override Guid? RelatedOrderId => OrderId;
}

public sealed record OrderStatusChanged(Guid OrderId, OrderState State, ChannelKind? Channel, string? Note) : DispatchEventBody
{
    public override string TypeName => "order.status";
    public override Guid? RelatedOrderId => OrderId;
}

public enum DeadlineKind
{
    Acknowledge,
    Arrive,
    Feedback,
}

public enum AlertLevel
{
    /// <summary>At the deadline: the unit's duty contact and the dispatcher are reminded.</summary>
    Reminder,
    /// <summary>Still missed after the escalation delay: the dispatcher and the unit's supervisor.</summary>
    Escalation,
}

public enum RecipientRole
{
    Dispatcher,
    UnitDuty,
    UnitSupervisor,
}

public sealed record AlertRecipient(RecipientRole Role, string? Name, string? Phone);

public sealed record DeadlineAlert(
    Guid OrderId,
    string UnitId,
    DeadlineKind Deadline,
    AlertLevel Level,
    DateTimeOffset DueAt,
    IReadOnlyList<AlertRecipient> Recipients) : DispatchEventBody
{
    public override string TypeName => "deadline.alert";
    public override Guid? RelatedOrderId => OrderId;
}
