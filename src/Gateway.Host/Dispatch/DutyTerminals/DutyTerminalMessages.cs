using System.Text.Json;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Host.Dispatch.Api;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>Gateway → terminal: one order to show and acknowledge (签收). <see cref="Key"/> names the delivery attempt.</summary>
internal sealed record TerminalOrderMessage(
    string Type,
    string Key,
    Guid OrderId,
    Guid IncidentId,
    string UnitId,
    string UnitName,
    int Attempt,
    IncidentCategory Category,
    IncidentPriority Priority,
    string Location,
    string Text)
{
    public static byte[] Serialize(OrderDelivery delivery, string key) => JsonSerializer.SerializeToUtf8Bytes(
        new TerminalOrderMessage("order", key, delivery.OrderId, delivery.IncidentId, delivery.UnitId, delivery.UnitName, delivery.Attempt,
            delivery.Category, delivery.Priority, delivery.LocationText, delivery.Text),
        ApiJson.Options);
}

/// <summary>
/// Terminal → gateway: <c>{"type":"ack","key":K}</c> (签收), <c>{"type":"received","key":K}</c> (shown, not yet
/// acknowledged), <c>{"type":"status","key":K,"state":"EnRoute|OnScene|Completed","note":…}</c>,
/// <c>{"type":"feedback","key":K,"note":…}</c> (反馈), <c>{"type":"ping"}</c> (answered with a pong once the
/// terminal is registered for orders).
/// </summary>
internal sealed record TerminalReportMessage(string? Type, string? Key, OrderState? State, string? Note);

/// <summary>Gateway → terminal: the engine's answer to one report.</summary>
internal sealed record TerminalResultMessage(string Type, string? Key, string Status, OrderState? State, string? Error)
{
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, ApiJson.Options);

    public static TerminalResultMessage Refused(string? key, string error) => new("result", key, "Invalid", null, error);
}
