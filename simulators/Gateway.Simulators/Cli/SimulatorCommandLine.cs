using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Gateway.Simulators.At;
using Gateway.Simulators.Devices;
using Gateway.Simulators.Faults;
using Gateway.Simulators.Hosting;

namespace Gateway.Simulators.Cli;

/// <summary>Parses <c>&lt;device&gt; [options]</c> into a device and host options; errors name the bad option.</summary>
public static class SimulatorCommandLine
{
    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out DeviceRegistration? device,
        [NotNullWhen(true)] out SimulatorHostOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        device = null;
        options = null;
        if (args.Count == 0)
        {
            error = "no device given";
            return false;
        }

        device = DeviceCatalog.Find(args[0]);
        if (device is null)
        {
            error = $"unknown device '{args[0]}'; devices: {string.Join(", ", DeviceCatalog.All.Select(d => d.Name))}";
            return false;
        }

        var result = new SimulatorHostOptions();
        var faults = new FaultOptions();
        var deviceValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var known = device.Options?.Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = name.StartsWith("--", StringComparison.Ordinal) ? $"option {name} needs a value" : $"unexpected argument '{name}'";
                device = null;
                return false;
            }

            var value = args[++i];
            error = name switch
            {
                "--tcp" => Port(value, name, out var port) ?? Set(() => result = result with { TcpPort = port }),
                "--rfc2217" => Port(value, name, out var port) ?? Set(() => result = result with { Rfc2217Port = port }),
                "--pty" => Set(() => result = result with { PtyPath = value }),
                "--bind" => IPAddress.TryParse(value, out var address)
                    ? Set(() => result = result with { BindAddress = address })
                    : $"--bind '{value}' is not an IP address",
                "--drop" => Rate(value, name, out var rate) ?? Set(() => faults = faults with { DropRate = rate }),
                "--garble" => Rate(value, name, out var rate) ?? Set(() => faults = faults with { GarbleRate = rate }),
                "--delay" => Count(value, name, out var ms) ?? Set(() => faults = faults with { ReplyDelay = TimeSpan.FromMilliseconds(ms) }),
                "--stop-answering-after" => Count(value, name, out var n) ?? Set(() => faults = faults with { StopAnsweringAfter = n }),
                "--close-after" => Count(value, name, out var n) ?? Set(() => faults = faults with { CloseAfterCommands = n }),
                "--reopen-after" => Count(value, name, out var s) ?? Set(() => faults = faults with { ReopenAfter = TimeSpan.FromSeconds(s) }),
                "--seed" => Count(value, name, out var seed) ?? Set(() => faults = faults with { Seed = seed }),
                _ when known.Contains(name[2..]) => Set(() => deviceValues[name[2..]] = value),
                _ => $"unknown option {name} (see --help)",
            };
            if (error is not null)
            {
                device = null;
                return false;
            }
        }

        if (result.TcpPort is null && result.Rfc2217Port is null && result.PtyPath is null)
        {
            error = "give at least one of --tcp PORT, --rfc2217 PORT or --pty PATH";
            device = null;
            return false;
        }

        options = result with { Faults = faults, DeviceOptions = new DeviceOptions(deviceValues) };
        error = null;
        return true;
    }

    public static string Help()
    {
        var devices = string.Join(Environment.NewLine, DeviceCatalog.All.Select(DeviceHelp));
        return $"""
            usage: Gateway.Simulators <device> [options]

            devices:
            {devices}

            ports (at least one):
              --tcp PORT                 serve raw TCP (0 = any free port)
              --rfc2217 PORT             serve RFC 2217 with simulated RTS/DTR/CTS/DSR/DCD/RI
              --pty PATH                 create a pseudo-terminal (socat) with a symlink at PATH
              --bind ADDRESS             listen address (default 127.0.0.1)

            faults (every device):
              --drop RATE                drop this share (0..1) of output bytes
              --garble RATE              replace this share (0..1) of output bytes with random ones
              --delay MS                 delay every reply
              --stop-answering-after N   go silent after N commands
              --close-after N            close every port when the N-th command arrives (once)
              --reopen-after SECONDS     ... and reopen after this long (default 2)
              --seed N                   random seed for drop and garble
            """;
    }

    private static string DeviceHelp(DeviceRegistration device)
    {
        var head = $"  {device.Name,-26} {device.Description}";
        var options = device.Options?.Select(o => $"      --{o.Name} {o.Argument,-16} {o.Description}") ?? [];
        return string.Join(Environment.NewLine, options.Prepend(head));
    }

    private static string? Set(Action apply)
    {
        apply();
        return null;
    }

    private static string? Port(string value, string name, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535
            ? null
            : $"{name} '{value}' is not a port number from 0 to 65535";

    private static string? Count(string value, string name, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count)
            ? null
            : $"{name} '{value}' is not a whole number";

    private static string? Rate(string value, string name, out double rate) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate is >= 0 and <= 1
            ? null
            : $"{name} '{value}' is not a share from 0 to 1";
}
