using System.Diagnostics.Metrics;

namespace Gateway.Sip.Call;

/// <summary>Meter "Gateway.Sip": calls active, total and failed (not answered).</summary>
public sealed class SipCallMetrics : IDisposable
{
    public const string MeterName = "Gateway.Sip";

    private readonly Meter _meter;

    public SipCallMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Active = _meter.CreateUpDownCounter<long>("sip.calls.active", description: "Calls in progress");
        Total = _meter.CreateCounter<long>("sip.calls.total", description: "Calls received");
        Failed = _meter.CreateCounter<long>("sip.calls.failed", description: "Calls that ended without being answered");
    }

    public UpDownCounter<long> Active { get; }
    public Counter<long> Total { get; }
    public Counter<long> Failed { get; }

    public void Dispose() => _meter.Dispose();
}
