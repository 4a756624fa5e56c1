namespace Gateway.Core.Lifecycle;

/// <summary>
/// Something that must be put into a safe state when the gateway stops: a radio releases
/// PTT, a modem hangs up, a link closes. The host calls every hook on graceful shutdown,
/// each within a bounded time, and a failing hook never stops the others from running.
/// </summary>
public interface IDeviceStopHook
{
    /// <summary>Name used in logs, e.g. the device name from configuration.</summary>
    string Name { get; }

    ValueTask StopAsync(CancellationToken cancellationToken);
}
