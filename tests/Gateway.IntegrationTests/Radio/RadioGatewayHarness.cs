using System.Text;
using Gateway.Core.At;
using Gateway.Core.Serial;
using Gateway.Core.Serial.Resilience;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Faults;
using Gateway.Simulators.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.Radio;

/// <summary>
/// The radio simulator (one terminal, units 2001, 2002 and the silent 2003 in talkgroup 9001, an orders log in a temp dir) and the
/// gateway side over a real link to it: reconnecting link → AT channel → supervised PEI terminal.
/// </summary>
internal sealed class RadioGatewayHarness : IAsyncDisposable
{
    private static readonly ReconnectOptions QuickBackoff = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(400),
        UseJitter = false,
    };

    public const int SilentUnit = 2003;

    private readonly string _directory;

    private RadioGatewayHarness(string directory, RadioNetworkHost simulator, ReconnectingSerialLink link, AtCommandChannel channel, SupervisedPeiTerminal terminal)
    {
        _directory = directory;
        Simulator = simulator;
        Link = link;
        Channel = channel;
        Terminal = terminal;
    }

    public RadioNetworkHost Simulator { get; }

    public SimulatorHost TerminalHost => Simulator.Terminals[0];

    public ReconnectingSerialLink Link { get; }

    public AtCommandChannel Channel { get; }

    public SupervisedPeiTerminal Terminal { get; }

    public string OrdersLogPath => Path.Combine(_directory, "orders.jsonl");

    public static async Task<RadioGatewayHarness> StartAsync(bool overPty, FaultOptions? faults, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("gateway-radio-").FullName;
        var network = new RadioNetworkOptions
        {
            Issi = 1001,
            Talkgroup = 9001,
            Units = [2001, 2002, SilentUnit],
            SilentUnits = new HashSet<int> { SilentUnit },
            ReportDelay = TimeSpan.FromMilliseconds(20),
            StatusDelay = TimeSpan.FromMilliseconds(50),
            OrdersLogPath = Path.Combine(directory, "orders.jsonl"),
        };
        var ports = overPty
            ? new SimulatorHostOptions { PtyPath = Path.Combine(directory, "ttyTETRA") }
            : new SimulatorHostOptions { TcpPort = 0 };
        var simulator = new RadioNetworkHost(1, network, ports with { Faults = faults ?? new FaultOptions() });
        await simulator.StartAsync(cancellationToken);
        var host = simulator.Terminals[0];
        var address = overPty ? $"serial://{host.PtyPath}?baud=115200" : $"tcp://127.0.0.1:{host.TcpPort}";
        var link = new SerialLinkFactory().CreateReconnecting(SerialLinkAddress.Parse(address), QuickBackoff);
        await link.OpenAsync(cancellationToken);
        var channel = new AtCommandChannel(link, new AtChannelOptions());
        var options = new PeiTerminalOptions { Name = "t1", ReportTimeout = TimeSpan.FromSeconds(20) };
        var terminal = new SupervisedPeiTerminal(channel, options, TimeProvider.System, NullLoggerFactory.Instance, new OrderStatusMap(new OrderStatusOptions()));
        channel.Start();
        return new RadioGatewayHarness(directory, simulator, link, channel, terminal);
    }

    /// <summary>The orders log as the simulator wrote it, one JSON line per order part.</summary>
    public string[] ReadOrdersLog() =>
        File.Exists(OrdersLogPath) ? File.ReadAllLines(OrdersLogPath, Encoding.UTF8) : [];

    public async ValueTask DisposeAsync()
    {
        await Terminal.DisposeAsync();
        await Channel.DisposeAsync();
        await Link.DisposeAsync();
        await Simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
