using Gateway.Simulators.At;

namespace Gateway.Simulators.Devices;

/// <summary>A device the CLI and tests can start: its name, help text, own options and model factory.</summary>
public sealed record DeviceRegistration(
    string Name,
    string Description,
    Func<DeviceOptions, IAtDeviceModel> CreateModel,
    IReadOnlyList<DeviceOptionHelp>? Options = null);

/// <summary>One device-specific option for <c>--help</c>, e.g. <c>--issi SSI  own radio identity</c>.</summary>
public sealed record DeviceOptionHelp(string Name, string Argument, string Description);
