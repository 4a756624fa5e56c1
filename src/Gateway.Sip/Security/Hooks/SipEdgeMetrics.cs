using System.Diagnostics.Metrics;

namespace Gateway.Sip.Security.Hooks;

/// <summary>Meter "Gateway.Sip.Edge": requests the gate did not let through, by reason (challenged, unknown_source, rate_limited, bad_credentials).</summary>
public sealed class SipEdgeMetrics : IDisposable
{
    public const string MeterName = "Gateway.Sip.Edge";

    private readonly Meter _meter;
    private readonly Counter<long> _refused;

    public SipEdgeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _refused = _meter.CreateCounter<long>("sip.edge.refused", description: "Requests challenged, refused or dropped by the SIP edge");
    }

    public void Refused(GateDecision decision) => _refused.Add(1, new KeyValuePair<string, object?>("reason", ReasonOf(decision)));

    public static string ReasonOf(GateDecision decision) => decision switch
    {
        { Verdict: GateVerdict.RateLimited } or { Reason: "rate limited" } => "rate_limited",
        { Verdict: GateVerdict.Challenge } => "challenged",
        { Reason: "unknown source" } => "unknown_source",
        _ => "bad_credentials",
    };

    public void Dispose() => _meter.Dispose();
}
