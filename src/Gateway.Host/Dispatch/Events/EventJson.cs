using System.Text.Json;
using Gateway.Dispatch.Events;
using Gateway.Host.Dispatch.Api;

namespace Gateway.Host.Dispatch;

/// <summary>One event as clients see it: <c>{"sequence":N,"at":"…","type":"order.status","body":{…}}</c>.</summary>
internal sealed record WireEvent(long Sequence, DateTimeOffset At, string Type, DispatchEventBody Body);

internal static class EventJson
{
    public static WireEvent ToWire(DispatchEvent entry) => new(entry.Sequence, entry.At, entry.Type, entry.Body);

    public static byte[] Serialize(DispatchEvent entry) => JsonSerializer.SerializeToUtf8Bytes(ToWire(entry), ApiJson.Options);
}
