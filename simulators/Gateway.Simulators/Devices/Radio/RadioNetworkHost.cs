using Gateway.Simulators.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>
/// Several terminals (ISSI, ISSI+1, …) on one <see cref="RadioNetwork"/>, each served by its own
/// <see cref="SimulatorHost"/>: TCP ports from a base port (0 = any free), ptys <c>PATH0</c>, <c>PATH1</c>, …,
/// and RFC 2217 likewise. Faults apply to every terminal.
/// </summary>
public sealed class RadioNetworkHost : IAsyncDisposable
{
    private readonly List<SimulatorHost> _terminals = [];

    public RadioNetworkHost(int terminals, RadioNetworkOptions network, SimulatorHostOptions ports, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(terminals, 1);
        loggerFactory ??= NullLoggerFactory.Instance;
        Network = new RadioNetwork(network with { Terminals = terminals }, time, loggerFactory.CreateLogger<RadioNetwork>());
        for (var n = 0; n < terminals; n++)
        {
            var options = ports with
            {
                TcpPort = Next(ports.TcpPort, n),
                Rfc2217Port = Next(ports.Rfc2217Port, n),
                PtyPath = ports.PtyPath is null ? null : ports.PtyPath + n,
            };
            _terminals.Add(new SimulatorHost(RadioDevice.ForTerminal(Network, network.Issi + n), options, time, loggerFactory));
        }
    }

    public RadioNetwork Network { get; }

    public IReadOnlyList<SimulatorHost> Terminals => _terminals;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var terminal in _terminals)
        {
            await terminal.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Network.Stop();
        foreach (var terminal in _terminals)
        {
            await terminal.DisposeAsync().ConfigureAwait(false);
        }

        await Network.DisposeAsync().ConfigureAwait(false);
    }

    private static int? Next(int? basePort, int n) => basePort switch
    {
        null => null,
        0 => 0,
        { } port => port + n,
    };
}
