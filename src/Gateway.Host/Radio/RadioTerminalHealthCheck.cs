using Gateway.Radio.AtPort;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Radio;

/// <summary><c>radio:&lt;name&gt;</c>: up once the terminal's start-up succeeded (after each reconnect too).</summary>
internal sealed class RadioTerminalHealthCheck(RadioTerminalPool pool, string terminalName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var terminal = pool.Terminals.FirstOrDefault(t => string.Equals(t.Name, terminalName, StringComparison.OrdinalIgnoreCase));
        if (terminal is null)
            return Task.FromResult(HealthCheckResult.Unhealthy("not started (serial device missing?)"));
        var health = terminal.Health;
        var data = new Dictionary<string, object>
        {
            ["readiness"] = health.Readiness.ToString(),
            ["startUps"] = health.StartUps,
        };
        if (health.OwnIdentity is not null)
            data["issi"] = health.OwnIdentity;
        if (health.ReadySince is { } since)
            data["since"] = since;
        if (health.LastError is not null)
            data["lastError"] = health.LastError;
        return Task.FromResult(health.Readiness == PeiTerminalReadiness.Ready
            ? HealthCheckResult.Healthy($"ready, ISSI {health.OwnIdentity}", data)
            : HealthCheckResult.Unhealthy(health.Readiness.ToString().ToLowerInvariant(), data: data));
    }
}
