using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Channels;

/// <summary>What a channel adapter needs to put an order in front of a unit.</summary>
public sealed record OrderDelivery(
    Guid OrderId,
    Guid IncidentId,
    string UnitId,
    string UnitName,
    ChannelKind Channel,
    string Address,
    int Attempt,
    IncidentCategory Category,
    IncidentPriority Priority,
    string LocationText,
    string Text);

public enum ChannelSendOutcome
{
    /// <summary>The channel took the message (e.g. the SDS left for the radio, the fax job is queued).</summary>
    Accepted,
    /// <summary>The channel cannot deliver it at all (bad address, no modem): try the next channel now.</summary>
    Rejected,
}

public readonly record struct ChannelSendResult(ChannelSendOutcome Outcome, string? Reason = null)
{
    public static ChannelSendResult Accepted { get; } = new(ChannelSendOutcome.Accepted);

    public static ChannelSendResult Rejected(string reason) => new(ChannelSendOutcome.Rejected, reason);
}

/// <summary>
/// One way of reaching units (implemented in the host over Radio, Fax, the duty-terminal WebSocket, later Phone).
/// Adapters must drop a second send with the same <paramref name="idempotencyKey"/>: after a crash the
/// engine repeats a send whose outcome it never journaled, with the same key.
/// Delivery, acknowledgement and status come back through <see cref="IOrderReportSink"/>.
/// </summary>
public interface IOrderChannel
{
    ChannelKind Kind { get; }

    ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken);
}
