using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Gateway.Host;
using Gateway.Host.Radio;
using Gateway.Host.Sip;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Devices.Radio.Roip;
using Gateway.Simulators.Hosting;
using Gateway.Sip.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Radio;

/// <summary>
/// The radio simulator (terminal 1001 in talkgroup 9001, RoIP recordings and PTT log in a temp dir) and the gateway with
/// terminal t1 on it, RoIP to the simulator's port, SIP on UDP with number 200 routed to <c>app:radio:t1</c>, a short TX
/// timeout, and an API client with the dispatcher role.
/// </summary>
internal sealed class RadioVoiceGateway : IAsyncDisposable
{
    public const int Terminal = 1001;
    public const string DispatcherToken = "radio-voice-dispatcher-0001";
    public static readonly TimeSpan TxTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan HangTime = TimeSpan.FromMilliseconds(600);

    private readonly string _directory;

    private RadioVoiceGateway(string directory, RadioNetworkHost simulator, WebApplication gateway)
    {
        _directory = directory;
        Simulator = simulator;
        App = gateway;
        Http = new HttpClient
        {
            BaseAddress = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DispatcherToken);
    }

    public RadioNetworkHost Simulator { get; }

    public RoipEndpoint Roip => Simulator.Network.Air(Terminal).Roip!;

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string PttLogPath => Path.Combine(_directory, "ptt.jsonl");

    public int SipPort => App.Services.GetRequiredService<SipStack>().Listeners.Single(l => l.Transport.Protocol == SipTransportProtocol.Udp).Transport.LocalEndPoint.Port;

    public string RadioNumberUri => $"sip:200@127.0.0.1:{SipPort}";

    /// <param name="ptimeMs">Packet duration on the RoIP link, both ways (20 or 60 ms).</param>
    public static async Task<RadioVoiceGateway> StartAsync(int ptimeMs, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("gw-radio-voice-").FullName;
        var gatewayRoipPort = FreeEvenUdpPort();
        var network = new RadioNetworkOptions
        {
            Issi = Terminal,
            Talkgroup = 9001,
            Units = [2001, 2002],
            RecordingDirectory = directory,
            PttLogPath = Path.Combine(directory, "ptt.jsonl"),
            RoipRemote = new IPEndPoint(IPAddress.Loopback, gatewayRoipPort),
            RoipPtimeMs = ptimeMs,
        };
        var simulator = new RadioNetworkHost(1, network, new SimulatorHostOptions { TcpPort = 0 });
        await simulator.StartAsync(cancellationToken);
        var simulatorRoip = simulator.Network.Air(Terminal).Roip!.LocalEndPoint;
        var rtpBase = 46000 + (2 * Random.Shared.Next(0, 1500));
        var gateway = GatewayHost.Build([
            "--Gateway:Http:Url=http://127.0.0.1:0",
            $"--Gateway:Storage:DataDirectory={directory}",
            "--Gateway:Serial:Devices:0:Name=tetra-1",
            $"--Gateway:Serial:Devices:0:Address=tcp://127.0.0.1:{simulator.Terminals[0].TcpPort}",
            "--Gateway:Radio:Terminals:0:Name=t1",
            "--Gateway:Radio:Terminals:0:Device=tetra-1",
            "--Gateway:Radio:Terminals:0:Talkgroup=9001",
            "--Gateway:Radio:Terminals:0:Role=Voice",
            $"--Gateway:Radio:Terminals:0:Voice:RoipRemote={simulatorRoip}",
            $"--Gateway:Radio:Terminals:0:Voice:RoipLocalPort={gatewayRoipPort}",
            $"--Gateway:Radio:Terminals:0:Voice:PtimeMs={ptimeMs}",
            $"--Gateway:Radio:TxTimeout={TxTimeout}",
            $"--Gateway:Radio:Voice:VoiceHangTime={HangTime}",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            "--Gateway:Sip:Listeners:0:Address=127.0.0.1:0",
            $"--Gateway:Sip:RtpPortMin={rtpBase}",
            $"--Gateway:Sip:RtpPortMax={rtpBase + 99}",
            "--Gateway:Sip:Trunks:0:Name=desk",
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.1",
            "--Gateway:Sip:Routes:0:Prefix=200",
            "--Gateway:Sip:Routes:0:Target=app:radio:t1",
            "--Gateway:Api:Clients:0:Name=desk-1",
            $"--Gateway:Api:Clients:0:Token={DispatcherToken}",
            "--Gateway:Api:Clients:0:Role=dispatcher",
        ]);
        await gateway.StartAsync(cancellationToken);
        await gateway.Services.GetRequiredService<RadioTerminalPool>().Terminals.Single().WhenReadyAsync(cancellationToken);
        return new RadioVoiceGateway(directory, simulator, gateway);
    }

    /// <summary>The next PTT burst the simulator finishes.</summary>
    public Task<PttBurst> NextBurstAsync(CancellationToken cancellationToken)
    {
        var ended = new TaskCompletionSource<PttBurst>(TaskCreationOptions.RunContinuationsAsynchronously);
        Roip.BurstEnded += burst => ended.TrySetResult(burst);
        return ended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The simulator's next grant of PTT to the terminal.</summary>
    public Task NextGrantAsync(CancellationToken cancellationToken)
    {
        var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Roip.BurstStarted += _ => granted.TrySetResult();
        return granted.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeEvenUdpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            }

            try
            {
                using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                rtp.Bind(new IPEndPoint(IPAddress.Any, port));
                using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                rtcp.Bind(new IPEndPoint(IPAddress.Any, port + 1));
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
        }
    }
}
