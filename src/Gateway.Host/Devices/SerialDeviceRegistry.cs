using System.Collections.Concurrent;
using Gateway.Core.At;
using Gateway.Core.Serial.Resilience;
using Gateway.Host.Configuration;

namespace Gateway.Host.Devices;

/// <summary>
/// A configured serial device: the link that keeps it reachable and the AT channel every
/// driver (radio terminal, fax modem) talks through.
/// </summary>
public sealed class SerialDevice(SerialDeviceOptions options, ReconnectingSerialLink link, AtCommandChannel at)
{
    public SerialDeviceOptions Options { get; } = options;
    public ReconnectingSerialLink Link { get; } = link;
    public AtCommandChannel At { get; } = at;

    /// <summary>Outcome of the last keep-alive probe; null until one ran.</summary>
    public string? LastProbeError { get; internal set; }
    public DateTimeOffset? LastProbeAnswer { get; internal set; }
}

/// <summary>
/// The serial devices from configuration, by name. Drivers look their device up here; /health
/// reads each link's state from here.
/// </summary>
public sealed class SerialDeviceRegistry
{
    private readonly ConcurrentDictionary<string, SerialDevice> _devices = new(StringComparer.OrdinalIgnoreCase);

    public void Add(SerialDevice device)
    {
        if (!_devices.TryAdd(device.Options.Name, device))
            throw new InvalidOperationException($"serial device '{device.Options.Name}' is registered twice");
    }

    public SerialDevice? Find(string name) => _devices.GetValueOrDefault(name);

    public IReadOnlyCollection<SerialDevice> All => _devices.Values.ToArray();
}
