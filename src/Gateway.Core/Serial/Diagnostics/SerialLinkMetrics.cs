using System.Diagnostics.Metrics;

namespace Gateway.Core.Serial;

/// <summary>
/// Counters of every serial link, on the meter <see cref="MeterName"/>, tagged <c>link</c> = address.
/// One static meter: links come and go with reconnects, the instruments stay.
/// </summary>
public static class SerialLinkMetrics
{
    public const string MeterName = "Gateway.Core.Serial";
    public const string LinkTag = "link";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> BytesReceived =
        Meter.CreateCounter<long>("gateway.serial.bytes_received", "By", "Bytes read from serial links");

    public static readonly Counter<long> BytesSent =
        Meter.CreateCounter<long>("gateway.serial.bytes_sent", "By", "Bytes written to serial links");

    public static readonly Counter<long> Errors =
        Meter.CreateCounter<long>("gateway.serial.errors", "{error}", "Open, read, write and protocol errors on serial links");

    public static readonly Counter<long> Reconnects =
        Meter.CreateCounter<long>("gateway.serial.reconnects", "{reconnect}", "Successful reopenings after a link was lost");

    /// <summary>Counters bound to one link's tag.</summary>
    public static SerialLinkCounters For(string linkAddress) => new(linkAddress);
}

/// <summary>The counters of one link; a struct so recording allocates nothing.</summary>
public readonly struct SerialLinkCounters(string linkAddress)
{
    private KeyValuePair<string, object?> Tag => new(SerialLinkMetrics.LinkTag, linkAddress);

    public void BytesReceived(int count) => SerialLinkMetrics.BytesReceived.Add(count, Tag);

    public void BytesSent(int count) => SerialLinkMetrics.BytesSent.Add(count, Tag);

    public void Error() => SerialLinkMetrics.Errors.Add(1, Tag);

    public void Reconnect() => SerialLinkMetrics.Reconnects.Add(1, Tag);
}
