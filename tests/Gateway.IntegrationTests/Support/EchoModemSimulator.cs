using Gateway.Simulators.Devices.EchoModem;
using Gateway.Simulators.Hosting;

namespace Gateway.IntegrationTests.Support;

/// <summary>Starts the echo-modem simulator in-process; a relative pty name is placed in a temp dir of its own.</summary>
internal sealed class EchoModemSimulator : IAsyncDisposable
{
    private readonly string _directory;

    private EchoModemSimulator(SimulatorHost host, string directory)
    {
        Host = host;
        _directory = directory;
    }

    public SimulatorHost Host { get; }

    public static async Task<EchoModemSimulator> StartAsync(
        Func<SimulatorHostOptions, SimulatorHostOptions> configure,
        CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("gateway-serial-").FullName;
        var options = configure(new SimulatorHostOptions());
        if (options.PtyPath is not null)
        {
            options = options with { PtyPath = Path.Combine(directory, options.PtyPath) };
        }

        var host = new SimulatorHost(EchoModemDevice.Registration, options);
        await host.StartAsync(cancellationToken);
        return new EchoModemSimulator(host, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
