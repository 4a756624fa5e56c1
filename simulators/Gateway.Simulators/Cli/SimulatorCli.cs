using System.Runtime.InteropServices;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Cli;

/// <summary>Command-line front of the simulators: <c>&lt;device&gt; [options]</c>, runs until Ctrl-C.</summary>
public static class SimulatorCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" || args.Contains("--help"))
        {
            Console.WriteLine(SimulatorCommandLine.Help());
            return args.Length == 0 ? 2 : 0;
        }

        if (!SimulatorCommandLine.TryParse(args, out var device, out var options, out var error))
        {
            Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine("run with --help for devices and options");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information));
        using var stop = new CancellationTokenSource();
        // Ctrl-C and SIGTERM (systemd, CI) let the host close its ports and stop socat before exit.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);

        void StopGracefully(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        if (device.Name == RadioDevice.Registration.Name)
        {
            return await RunRadioNetworkAsync(options, loggerFactory, stop.Token);
        }

        await using var host = new SimulatorHost(device, options, TimeProvider.System, loggerFactory);
        try
        {
            await host.StartAsync(stop.Token);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        // Machine-readable lines for scripts that start the simulator and need its endpoints.
        if (host.TcpPort is { } tcp)
        {
            Console.WriteLine($"tcp: {options.BindAddress}:{tcp}");
        }

        if (host.Rfc2217Port is { } rfc2217)
        {
            Console.WriteLine($"rfc2217: {options.BindAddress}:{rfc2217}");
        }

        if (host.PtyPath is { } pty)
        {
            Console.WriteLine($"pty: {pty}");
        }

        Console.WriteLine($"{host.DeviceName} running; Ctrl-C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C.
        }

        return 0;
    }

    /// <summary>The radio device: <c>--terminals N</c> terminals on one network, each with its ports and RoIP endpoint.</summary>
    private static async Task<int> RunRadioNetworkAsync(SimulatorHostOptions options, ILoggerFactory loggerFactory, CancellationToken stop)
    {
        var network = RadioNetworkOptions.Parse(options.DeviceOptions, out var error);
        if (error is not null)
        {
            Console.Error.WriteLine($"error: {error}");
            return 2;
        }

        await using var host = new RadioNetworkHost(network.Terminals, network, options, TimeProvider.System, loggerFactory);
        try
        {
            await host.StartAsync(stop);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }

        // The first terminal's lines keep the single-device format scripts parse; every terminal gets a summary line.
        var first = host.Terminals[0];
        if (first.TcpPort is { } tcp)
        {
            Console.WriteLine($"tcp: {options.BindAddress}:{tcp}");
        }

        if (first.Rfc2217Port is { } rfc2217)
        {
            Console.WriteLine($"rfc2217: {options.BindAddress}:{rfc2217}");
        }

        if (first.PtyPath is { } pty)
        {
            Console.WriteLine($"pty: {pty}");
        }

        for (var n = 0; n < host.Terminals.Count; n++)
        {
            var terminal = host.Terminals[n];
            var issi = network.Issi + n;
            var roip = host.Network.Air(issi).Roip?.LocalEndPoint.ToString() ?? "-";
            Console.WriteLine($"terminal {issi}: tcp {terminal.TcpPort?.ToString() ?? "-"} rfc2217 {terminal.Rfc2217Port?.ToString() ?? "-"} pty {terminal.PtyPath ?? "-"} roip {roip}");
        }

        Console.WriteLine($"radio running ({host.Terminals.Count} terminals); Ctrl-C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C.
        }

        return 0;
    }
}
