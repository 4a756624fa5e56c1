using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks.Media;

/// <summary>
/// One packet through the whole relay on loopback: phone socket → leg A receive loop → rewrite →
/// leg B send → phone socket. Time is the round trip including two kernel hops; the memory
/// diagnoser counts allocations on every thread, so it covers the legs' receive loops too.
/// </summary>
[MemoryDiagnoser]
public class EndpointRelayBenchmarks
{
    private readonly byte[] _packet = new byte[12 + 160];
    private readonly byte[] _received = new byte[2048];
    private MediaMetrics _metrics = null!;
    private RtpEndpoint _callerLeg = null!;
    private RtpEndpoint _agentLeg = null!;
    private Socket _caller = null!;
    private Socket _agent = null!;
    private SocketAddress _callerLegAddress = null!;
    private SocketAddress _from = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MediaMetrics();
        var allocator = new RtpPortAllocator(41000, 41100);
        var options = new RtpEndpointOptions { BindAddress = IPAddress.Loopback, RtcpInterval = TimeSpan.FromHours(1) };
        _callerLeg = RtpEndpoint.Open(allocator, options, _metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance);
        _agentLeg = RtpEndpoint.Open(allocator, options, _metrics, TimeProvider.System, NullLogger<RtpEndpoint>.Instance);
        _caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _agent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _agent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _agentLeg.SetRemote((IPEndPoint)_agent.LocalEndPoint!);
        new RtpRelay(_callerLeg, _agentLeg).Start();
        _callerLegAddress = new IPEndPoint(IPAddress.Loopback, _callerLeg.LocalRtpPort).Serialize();
        _from = new SocketAddress(AddressFamily.InterNetwork);
        new RtpHeader(8, false, 0, 0, 777).Write(_packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _callerLeg.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _agentLeg.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _caller.Dispose();
        _agent.Dispose();
        _metrics.Dispose();
    }

    [Benchmark]
    public int RelayOnePacketRoundTrip()
    {
        RtpPacketEditor.SetSequenceNumber(_packet, ++_sequence);
        RtpPacketEditor.SetTimestamp(_packet, _sequence * 160u);
        _caller.SendTo(_packet, SocketFlags.None, _callerLegAddress);
        return _agent.ReceiveFrom(_received, SocketFlags.None, _from);
    }
}
