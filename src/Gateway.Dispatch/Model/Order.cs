namespace Gateway.Dispatch.Model;

/// <summary>Identifies one delivery attempt; channel adapters drop a second send with the same key.</summary>
public readonly record struct DeliveryKey(Guid OrderId, int Attempt, ChannelKind Channel)
{
    public override string ToString() => $"{OrderId:N}-{Attempt}-{Channel}";

    public static bool TryParse(string text, out DeliveryKey key)
    {
        key = default;
        var parts = text.Split('-');
        if (parts.Length != 3
            || !Guid.TryParseExact(parts[0], "N", out var orderId)
            || !int.TryParse(parts[1], out var attempt)
            || !Enum.TryParse<ChannelKind>(parts[2], out var channel))
        {
            return false;
        }
        key = new DeliveryKey(orderId, attempt, channel);
        return true;
    }
}

public sealed record OrderStatusRecord(OrderState State, DateTimeOffset At, ChannelKind? Channel, string? Note);

public sealed record DeliveryAttemptSnapshot(
    int Number,
    ChannelKind Channel,
    string Address,
    string IdempotencyKey,
    AttemptState State,
    DateTimeOffset StartedAt,
    DateTimeOffset AckDueAt,
    string? Reason);

public sealed record OrderDeadlines(DateTimeOffset AcknowledgeBy, DateTimeOffset? ArriveBy, DateTimeOffset FeedbackBy);

public sealed record OrderSnapshot(
    Guid Id,
    Guid IncidentId,
    string UnitId,
    UnitTier UnitTier,
    IncidentCategory Category,
    string Text,
    OrderState State,
    OrderDeadlines Deadlines,
    IReadOnlyList<OrderStatusRecord> History,
    IReadOnlyList<DeliveryAttemptSnapshot> Attempts)
{
    public DateTimeOffset CreatedAt => History[0].At;

    public DateTimeOffset? TimeOf(OrderState state)
    {
        foreach (var record in History)
        {
            if (record.State == state)
            {
                return record.At;
            }
        }
        return null;
    }
}
