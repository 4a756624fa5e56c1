using System.Globalization;
using Gateway.Sip.Security;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Sip;

/// <summary>
/// One /health entry per trunk ("sip:trunk:carrier"): registration state and OPTIONS keep-alive. A trunk that is
/// failing reports degraded (the gateway still takes calls from other trunks); one with neither configured is
/// healthy as long as it is configured.
/// </summary>
internal sealed class SipTrunkHealthCheck(SipEdge edge, string trunkName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (edge.Trunks.FindByName(trunkName) is not { } trunk) return HealthCheckResult.Unhealthy("not configured");
        var registration = edge.Registrations.FirstOrDefault(r => r.TrunkName == trunk.Name);
        var keepAlive = edge.KeepAlives.FirstOrDefault(k => k.TrunkName == trunk.Name);
        var data = new Dictionary<string, object> { ["sources"] = string.Join(", ", trunk.Options.Sources) };
        var problems = new List<string>();
        var parts = new List<string>();

        if (trunk.Options.Registration is not null)
        {
            var state = registration?.State.ToString() ?? "NotStarted";
            data["registration"] = state;
            if (registration?.ExpiresAt is { } expires) data["registrationExpires"] = expires.ToString("O", CultureInfo.InvariantCulture);
            parts.Add($"registration {state}");
            if (registration is not { State: TrunkRegistrationState.Registered }) problems.Add($"registration {state}");
        }
        if (trunk.Options.KeepAlive is not null)
        {
            var health = keepAlive?.Health.ToString() ?? "NotStarted";
            data["keepAlive"] = health;
            if (keepAlive?.LastResponseAt is { } last) data["lastOptionsAnswer"] = last.ToString("O", CultureInfo.InvariantCulture);
            parts.Add($"keep-alive {health}");
            if (keepAlive is not { Health: TrunkHealth.Up }) problems.Add($"keep-alive {health}");
        }
        if (parts.Count == 0) parts.Add($"accepting from {data["sources"]}");
        var detail = string.Join("; ", parts);
        return problems.Count == 0 ? HealthCheckResult.Healthy(detail, data) : HealthCheckResult.Degraded(detail, data: data);
    }
}
