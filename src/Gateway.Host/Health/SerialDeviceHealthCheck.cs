using Gateway.Core.Serial;
using Gateway.Host.Devices;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Health;

/// <summary>One serial device's link: up when open; down (required) or degraded (optional) otherwise.</summary>
internal sealed class SerialDeviceHealthCheck(SerialDeviceRegistry registry, string deviceName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (registry.Find(deviceName) is not { } device)
            return Task.FromResult(HealthCheckResult.Unhealthy("not started"));
        var health = device.Link.Health;
        var data = new Dictionary<string, object>
        {
            ["address"] = health.Address,
            ["state"] = health.State.ToString(),
            ["since"] = health.Since,
            ["reconnects"] = health.Reconnects,
        };
        if (health.LastError is not null)
            data["lastError"] = health.LastError;
        if (device.LastProbeAnswer is { } answered)
            data["lastAnswer"] = answered;
        if (health.State == SerialLinkState.Open && device.LastProbeError is null)
            return Task.FromResult(HealthCheckResult.Healthy($"open: {health.Address}", data));
        var detail = health.State == SerialLinkState.Open
            ? $"open but not answering: {device.LastProbeError}"
            : $"{health.State.ToString().ToLowerInvariant()}: {health.Address}";
        return Task.FromResult(device.Options.Required
            ? HealthCheckResult.Unhealthy(detail, data: data)
            : HealthCheckResult.Degraded(detail, data: data));
    }
}
