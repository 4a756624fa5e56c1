using System.Diagnostics.Metrics;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>Meter "Gateway.Sip.CallMedia": DTMF digits received and sent, recordings started and finished.</summary>
public sealed class CallMediaMetrics : IDisposable
{
    public const string MeterName = "Gateway.Sip.CallMedia";

    private readonly Meter _meter;

    public CallMediaMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        DigitsReceived = _meter.CreateCounter<long>("sip.dtmf.digits.received", description: "RFC 4733 digits received on call legs");
        DigitsSent = _meter.CreateCounter<long>("sip.dtmf.digits.sent", description: "RFC 4733 digits sent on call legs");
        RecordingsStarted = _meter.CreateCounter<long>("sip.recordings.started", description: "Call recordings started");
        RecordingsCompleted = _meter.CreateCounter<long>("sip.recordings.completed", description: "Call recordings finished and closed");
    }

    public Counter<long> DigitsReceived { get; }
    public Counter<long> DigitsSent { get; }
    public Counter<long> RecordingsStarted { get; }
    public Counter<long> RecordingsCompleted { get; }

    public void Dispose() => _meter.Dispose();
}
