using Gateway.Simulators.Devices.EchoModem;
using Gateway.Simulators.Devices.Radio;

namespace Gateway.Simulators.Devices;

/// <summary>Every device the simulator can run. Adding a device: its model class plus one line here.</summary>
public static class DeviceCatalog
{
    public static IReadOnlyList<DeviceRegistration> All { get; } =
    [
        EchoModemDevice.Registration,
        RadioDevice.Registration,
        Fax.FaxModemDevice.Registration,
    ];

    public static DeviceRegistration? Find(string name) =>
        All.FirstOrDefault(device => device.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
