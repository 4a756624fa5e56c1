using System.Diagnostics.Metrics;
using Gateway.Sip.Media.Transport;

namespace Gateway.Sip.Call.Conference;

/// <summary>Rooms and parties of <c>app:conference</c>, on the "Gateway.Media" meter beside the RTP counters.</summary>
public sealed class ConferenceMetrics : IDisposable
{
    private readonly Meter _meter;

    public ConferenceMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MediaMetrics.MeterName) ?? new Meter(MediaMetrics.MeterName);
        Rooms = _meter.CreateUpDownCounter<long>("gateway.media.conference.rooms", "{room}", "Conference rooms open");
        Parties = _meter.CreateUpDownCounter<long>("gateway.media.conference.parties", "{party}", "Calls in conference rooms");
        Joined = _meter.CreateCounter<long>("gateway.media.conference.joined", "{party}", "Calls that joined a conference room");
    }

    public UpDownCounter<long> Rooms { get; }

    public UpDownCounter<long> Parties { get; }

    public Counter<long> Joined { get; }

    public void Dispose() => _meter.Dispose();
}
