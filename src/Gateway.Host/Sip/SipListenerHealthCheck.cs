using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Sip;

/// <summary>One /health entry per SIP listener ("sip:udp:127.0.0.1:5060"): healthy once bound.</summary>
internal sealed class SipListenerHealthCheck(SipStack stack, string healthName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var listener = stack.Listeners.FirstOrDefault(l => l.Options.HealthName == healthName);
        return Task.FromResult(listener.Transport is { } transport
            ? HealthCheckResult.Healthy($"listening on {transport.Protocol} {transport.LocalEndPoint}; calls active {stack.Calls?.ActiveCalls ?? 0}")
            : HealthCheckResult.Unhealthy("not listening"));
    }
}
