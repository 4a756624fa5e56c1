using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Sip.Security.Hooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Sip.Edge;

/// <summary>Counts the SIP edge's refusals by reason for one gateway instance (its own meter factory), so parallel tests do not mix.</summary>
internal sealed class EdgeRefusalCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public EdgeRefusalCounter(WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SipEdgeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && tag.Value is string reason) _counts.AddOrUpdate(reason, value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    public long this[string reason] => _counts.GetValueOrDefault(reason);

    public void Dispose() => _listener.Dispose();
}
