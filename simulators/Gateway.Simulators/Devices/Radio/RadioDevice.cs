using System.Runtime.CompilerServices;
using Gateway.Simulators.At;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>
/// The <c>radio</c> device: TETRA terminals on a virtual network with field units. The CLI serves
/// <c>--terminals N</c> of them through <see cref="RadioNetworkHost"/>; <see cref="Registration"/> alone serves one.
/// </summary>
public static class RadioDevice
{
    private static readonly ConditionalWeakTable<DeviceOptions, RadioNetwork> Networks = new();

    public static DeviceRegistration Registration { get; } = new(
        "radio",
        "TETRA PEI terminals on a virtual network of field units (SDS texts, reports, status, PTT, RoIP voice)",
        options => ForOptions(options),
        RadioNetworkOptions.Help);

    /// <summary>A registration serving terminal <paramref name="issi"/> of <paramref name="network"/>.</summary>
    public static DeviceRegistration ForTerminal(RadioNetwork network, int issi) =>
        Registration with { CreateModel = _ => new RadioTerminalModel(network, issi) };

    /// <summary>The network of one CLI host: every connection to it shares the units and the orders log.</summary>
    private static RadioTerminalModel ForOptions(DeviceOptions options)
    {
        var network = Networks.GetValue(options, o =>
        {
            var parsed = RadioNetworkOptions.Parse(o, out var error);
            return error is null ? new RadioNetwork(parsed) : throw new ArgumentException(error);
        });
        return new RadioTerminalModel(network, network.Options.Issi);
    }
}
