using Gateway.Core.Lifecycle;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Lifecycle;

/// <summary>
/// On graceful shutdown, runs every registered device stop hook (release PTT, hang up
/// modems, close links) in parallel, each bounded by <see cref="ShutdownOptions.DeviceStopTimeout"/>.
/// Hosted services stop in reverse order of registration: this one is registered last, so the
/// hooks run while the links and transports they need are still up.
/// </summary>
internal sealed class DeviceShutdownService(
    DeviceStopHookRegistry registry,
    IOptions<ShutdownOptions> options,
    ILogger<DeviceShutdownService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var hooks = registry.Snapshot();
        logger.LogInformation("Stopping {Count} device(s)", hooks.Count);
        await Task.WhenAll(hooks.Select(hook => RunHookAsync(hook, cancellationToken)));
    }

    private async Task RunHookAsync(IDeviceStopHook hook, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DeviceStopTimeout);
        try
        {
            await hook.StopAsync(timeout.Token);
            logger.LogInformation("Device {Device} stopped", hook.Name);
        }
        catch (Exception ex)
        {
            // A hook that fails or hangs must not keep the others (and the process) from stopping.
            logger.LogError(ex, "Device {Device} did not stop cleanly", hook.Name);
        }
    }
}
