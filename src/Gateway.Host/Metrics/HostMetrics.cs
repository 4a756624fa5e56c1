using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Host.Metrics;

/// <summary>Process-level gauges of the gateway itself (meter "Gateway.Host").</summary>
internal sealed class HostMetrics : IDisposable
{
    private readonly Meter _meter = new("Gateway.Host");

    public HostMetrics(TimeProvider time)
    {
        var started = time.GetTimestamp();
        _meter.CreateObservableGauge("gateway_uptime_seconds", () => time.GetElapsedTime(started).TotalSeconds,
            unit: "s", description: "Seconds since the gateway started.");
        _meter.CreateObservableGauge("gateway_working_set_bytes", () => Process.GetCurrentProcess().WorkingSet64,
            unit: "By", description: "Resident memory of the gateway process.");
    }

    public void Dispose() => _meter.Dispose();
}
