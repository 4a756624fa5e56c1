using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.MediaLoad;

/// <summary>One receive thread of a <see cref="MediaPump"/> socket; counters are its own, read after it stopped.</summary>
internal sealed class PumpReceiver
{
    private readonly Socket _socket;
    private readonly bool _payloadCarriesTimestamps;
    private readonly Func<bool> _running;
    private readonly Func<bool> _measuring;
    private readonly ushort[] _lastSequenceBySourcePort = new ushort[65536];
    private readonly bool[] _seenSourcePort = new bool[65536];
    private static readonly long TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000;
    private Thread? _thread;

    public PumpReceiver(Socket socket, bool payloadCarriesTimestamps, Func<bool> running, Func<bool> measuring)
    {
        _socket = socket;
        _payloadCarriesTimestamps = payloadCarriesTimestamps;
        _running = running;
        _measuring = measuring;
    }

    public LatencyHistogram Latency { get; } = new();

    public long ReceivedMeasured { get; private set; }

    /// <summary>Packets missing between consecutive RTP sequence numbers of one source, in the measured window.</summary>
    public long SequenceGaps { get; private set; }

    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "media-pump-receive", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Join() => _thread?.Join();

    private void Loop()
    {
        if (OperatingSystem.IsLinux()) BatchLoop();
        else SingleLoop();
    }

    /// <summary>Linux: one recvmmsg per wake-up; the arrival time is read once per batch, after the last datagram came.</summary>
    private void BatchLoop()
    {
        using var batch = new BatchReceive(_socket);
        while (_running())
        {
            int count = batch.Receive();
            if (count == 0) continue;   // timeout (to look at _running) or ICMP from a closed port
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++) Count(batch.Datagram(i), batch.SourcePort(i), now);
        }
    }

    private void SingleLoop()
    {
        var buffer = new byte[2048];
        var source = new SocketAddress(AddressFamily.InterNetwork);
        while (_running())
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (SocketException)
            {
                continue;   // timeout (to look at _running) or ICMP from a closed port
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Count(buffer.AsSpan(0, length), SourcePort(source), Stopwatch.GetTimestamp());
        }
    }

    private void Count(ReadOnlySpan<byte> datagram, int sourcePort, long now)
    {
        if (datagram.Length < 12 + 13) return;
        var payload = datagram[12..];
        if (_payloadCarriesTimestamps)
        {
            if (payload[12] != 1) return;
            long sentAt = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
            Latency.Record((now - sentAt) / TicksPerMicrosecond);
            ReceivedMeasured++;
        }
        else
        {
            CountSequence(sourcePort, BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]));
        }
    }

    private void CountSequence(int port, ushort sequence)
    {
        bool measuring = _measuring();
        if (_seenSourcePort[port] && measuring)
        {
            int step = (ushort)(sequence - _lastSequenceBySourcePort[port]);
            if (step is > 1 and < 1000) SequenceGaps += step - 1;
        }

        _seenSourcePort[port] = true;
        _lastSequenceBySourcePort[port] = sequence;
        if (measuring) ReceivedMeasured++;
    }

    private static int SourcePort(SocketAddress address) => (address[2] << 8) | address[3];
}
