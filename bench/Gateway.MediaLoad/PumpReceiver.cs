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
        var buffer = new byte[2048];
        var source = new SocketAddress(AddressFamily.InterNetwork);
        long ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000;
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

            if (length < 12 + 13) continue;
            long now = Stopwatch.GetTimestamp();
            var payload = buffer.AsSpan(12, length - 12);
            if (_payloadCarriesTimestamps)
            {
                if (payload[12] != 1) continue;
                long sentAt = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
                Latency.Record((now - sentAt) / ticksPerMicrosecond);
                ReceivedMeasured++;
            }
            else
            {
                CountSequence(SourcePort(source), BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
            }
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
