using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Media.Relay;
using Gateway.Sip.Media.Rtp;

namespace Gateway.Benchmarks.Media;

/// <summary>Relay fast path per packet: parse + rewrite in place, and the same plus the UDP send on loopback.</summary>
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private readonly byte[] _packet = new byte[12 + 160];
    private RtpStreamRewriter _rewriter = null!;
    private Socket _sender = null!;
    private Socket _sink = null!;
    private SocketAddress _target = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        new RtpHeader(8, false, 0, 0, 1234).Write(_packet);
        _rewriter = new RtpStreamRewriter(99, 1000, 50000);
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _target = _sink.LocalEndPoint!.Serialize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _sink.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool ParseAndRewrite()
    {
        RtpPacketEditor.SetSequenceNumber(_packet, ++_sequence);
        RtpPacketEditor.SetTimestamp(_packet, _sequence * 160u);
        RtpPacketEditor.SetSsrc(_packet, 1234);
        bool valid = RtpPacket.TryParse(_packet, out _) == RtpParseError.None;
        _rewriter.Rewrite(_packet);
        return valid;
    }

    [Benchmark]
    public int ParseRewriteAndSend()
    {
        ParseAndRewrite();
        // The sink never reads: the kernel drops when its buffer is full, as a slow far end would.
        return _sender.SendTo(_packet, SocketFlags.None, _target);
    }
}
