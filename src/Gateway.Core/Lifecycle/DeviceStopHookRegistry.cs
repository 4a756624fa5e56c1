using System.Collections.Concurrent;

namespace Gateway.Core.Lifecycle;

/// <summary>
/// The place devices register their stop hooks at run time (devices come and go with
/// configuration, so a static DI list is not enough). Thread-safe.
/// </summary>
public sealed class DeviceStopHookRegistry
{
    private readonly ConcurrentDictionary<IDeviceStopHook, byte> _hooks = new();

    public IDisposable Register(IDeviceStopHook hook)
    {
        _hooks.TryAdd(hook, 0);
        return new Registration(this, hook);
    }

    public IReadOnlyCollection<IDeviceStopHook> Snapshot() => _hooks.Keys.ToArray();

    private sealed class Registration(DeviceStopHookRegistry owner, IDeviceStopHook hook) : IDisposable
    {
        public void Dispose() => owner._hooks.TryRemove(hook, out _);
    }
}
