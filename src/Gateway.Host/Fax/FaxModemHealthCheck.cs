using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Fax;

/// <summary>"fax:&lt;name&gt;": idle or busy, and how its last call ended. The link itself shows as "serial:&lt;device&gt;".</summary>
internal sealed class FaxModemHealthCheck(FaxGateway fax, string modemName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var modem = fax.Scheduler?.Pool.Modems.FirstOrDefault(m => m.Name.Equals(modemName, StringComparison.OrdinalIgnoreCase));
        if (modem is null)
            return Task.FromResult(HealthCheckResult.Unhealthy("not started"));
        var data = new Dictionary<string, object> { ["busy"] = modem.IsBusy };
        if (modem.LastResult is { } last)
        {
            data["lastOutcome"] = last.Outcome.ToString();
            data["lastReason"] = last.Reason;
        }

        // A failed call is about the far end as often as the modem: report it, stay up.
        return Task.FromResult(HealthCheckResult.Healthy(modem.IsBusy ? "sending" : "idle", data));
    }
}
