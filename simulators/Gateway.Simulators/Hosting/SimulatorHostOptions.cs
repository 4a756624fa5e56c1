using System.Net;
using Gateway.Simulators.At;
using Gateway.Simulators.Faults;

namespace Gateway.Simulators.Hosting;

/// <summary>Where and how a simulated device is served. At least one of TCP, RFC 2217 or pty is needed.</summary>
public sealed record SimulatorHostOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Raw TCP port (0: any free port; null: none).</summary>
    public int? TcpPort { get; init; }

    /// <summary>RFC 2217 port (0: any free port; null: none).</summary>
    public int? Rfc2217Port { get; init; }

    /// <summary>Symlink path of a pseudo-terminal made with socat (null: none).</summary>
    public string? PtyPath { get; init; }

    public FaultOptions Faults { get; init; } = new();

    public DeviceOptions DeviceOptions { get; init; } = DeviceOptions.Empty;
}
