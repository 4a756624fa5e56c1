using System.Diagnostics.Metrics;

namespace Gateway.Sip.Media.Transport;

/// <summary>
/// Instruments of the "Gateway.Media" meter, exported on /metrics by the host. Counters without
/// tags so that adding to them on the packet path allocates nothing.
/// </summary>
public sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "Gateway.Media";

    private readonly Meter _meter;

    public MediaMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        PacketsIn = _meter.CreateCounter<long>("gateway.media.rtp.packets_in", "{packet}", "RTP packets received");
        PacketsOut = _meter.CreateCounter<long>("gateway.media.rtp.packets_out", "{packet}", "RTP packets sent");
        PacketsInvalid = _meter.CreateCounter<long>("gateway.media.rtp.packets_invalid", "{packet}", "Datagrams on RTP ports that were not valid RTP");
        PacketsRefused = _meter.CreateCounter<long>("gateway.media.rtp.packets_refused", "{packet}",
            "Valid RTP/RTCP packets dropped because they came from a source other than the leg's far end");
        PacketsLost = _meter.CreateCounter<long>("gateway.media.rtp.packets_lost", "{packet}", "RTP packets lost, by sequence gaps");
        Jitter = _meter.CreateHistogram<double>("gateway.media.rtp.jitter", "ms", "Interarrival jitter per leg at each RTCP interval");
        RoundTrip = _meter.CreateHistogram<double>("gateway.media.rtcp.round_trip", "ms", "Round trip from RTCP LSR/DLSR");
    }

    /// <summary>The meter itself, so a listener can tell this instance's instruments apart.</summary>
    public Meter Meter => _meter;

    public Counter<long> PacketsIn { get; }

    public Counter<long> PacketsOut { get; }

    public Counter<long> PacketsInvalid { get; }

    public Counter<long> PacketsRefused { get; }

    public Counter<long> PacketsLost { get; }

    public Histogram<double> Jitter { get; }

    public Histogram<double> RoundTrip { get; }

    public void Dispose() => _meter.Dispose();
}
