using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Dispatch;

/// <summary>"storage:journal": the engine runs and its journal answers a read.</summary>
internal sealed class JournalHealthCheck(DispatchEngineHost host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (host.Engine is not { } engine)
            return HealthCheckResult.Unhealthy(host.StartFailure is { } failure ? $"dispatch engine failed to start: {failure}" : "dispatch engine not running");
        try
        {
            var last = engine.LastSequence;
            await engine.ReadEventsSinceAsync(last, 1, cancellationToken);
            return HealthCheckResult.Healthy($"journal at sequence {last}, {engine.JournalTransactions} transactions since start");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"journal unreadable: {ex.Message}");
        }
    }
}
