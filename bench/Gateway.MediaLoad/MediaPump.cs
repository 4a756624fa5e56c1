using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.MediaLoad;

/// <summary>
/// Streams G.711-sized RTP (PT 8, 160 bytes, 50 packets/s per stream) from a few local sockets and receives what comes
/// back. Each payload starts with stream id, sequence, send time and a "measured" flag, so a relayed packet tells its
/// own latency; for mixed audio (conference) the receiver counts RTP sequence gaps per source instead. Sends are
/// spread evenly over the 20 ms so the load is smooth, not a burst per tick.
/// </summary>
internal sealed partial class MediaPump : IDisposable
{
    public const int PayloadBytes = 160;
    private const int HeaderBytes = 12;
    private static readonly long FrameTicks = Stopwatch.Frequency / 50;

    private readonly Socket[] _sockets;
    private readonly List<(int Socket, SocketAddress Destination)> _streams = [];
    private readonly PumpReceiver[] _receivers;
    private readonly bool _payloadCarriesTimestamps;
    private readonly int _pacingMicroseconds;
    private Thread? _sender;
    private volatile bool _running;
    private volatile bool _measuring;
    private long _sentMeasured;
    private long _sentTotal;

    /// <param name="pacingMicroseconds">
    /// How long the sender sleeps between rounds (it then sends every packet that fell due): phones send each stream
    /// on its own clock, so the gateway sees a smooth stream; a 1 ms sleep sent about 55 packets at once at 500 calls.
    /// </param>
    public MediaPump(int socketCount, bool payloadCarriesTimestamps, int pacingMicroseconds = 250)
    {
        _pacingMicroseconds = pacingMicroseconds;
        _payloadCarriesTimestamps = payloadCarriesTimestamps;
        _sockets = new Socket[socketCount];
        _receivers = new PumpReceiver[socketCount];
        for (int i = 0; i < socketCount; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            {
                ReceiveBufferSize = 4 << 20,
                SendBufferSize = 4 << 20,
                ReceiveTimeout = 200,
            };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _sockets[i] = socket;
            _receivers[i] = new PumpReceiver(socket, payloadCarriesTimestamps, () => _running, () => _measuring);
        }
    }

    public int SocketCount => _sockets.Length;

    public int StreamCount => _streams.Count;

    public long SentMeasured => Interlocked.Read(ref _sentMeasured);

    public long SentTotal => Interlocked.Read(ref _sentTotal);

    public int PortOf(int socket) => ((IPEndPoint)_sockets[socket].LocalEndPoint!).Port;

    /// <summary>Adds a stream sent from local socket <paramref name="socket"/> to <paramref name="destination"/>; call before <see cref="Start"/>.</summary>
    public void AddStream(int socket, IPEndPoint destination)
    {
        lock (_streams) _streams.Add((socket, destination.Serialize()));
    }

    public void Start()
    {
        _running = true;
        foreach (var receiver in _receivers) receiver.Start();
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "media-pump-send", Priority = ThreadPriority.AboveNormal };
        _sender.Start();
    }

    /// <summary>Packets sent while this is true are the ones counted and timed.</summary>
    public bool Measuring
    {
        get => _measuring;
        set => _measuring = value;
    }

    public void Stop()
    {
        _running = false;
        _sender?.Join();
        foreach (var receiver in _receivers) receiver.Join();
    }

    /// <summary>Results merged over all receive threads (after <see cref="Stop"/>).</summary>
    public PumpTotals Totals()
    {
        var latency = new LatencyHistogram();
        long received = 0, gaps = 0;
        foreach (var receiver in _receivers)
        {
            latency.Add(receiver.Latency);
            received += receiver.ReceivedMeasured;
            gaps += receiver.SequenceGaps;
        }

        return new PumpTotals(SentMeasured, received, gaps, latency, SentTotal);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
    }

    /// <summary>Sub-millisecond sleep (Thread.Sleep has 1 ms steps); falls back to Thread.Sleep(1) off Linux.</summary>
    private static void Pause(int microseconds)
    {
        if (OperatingSystem.IsLinux()) Sleep((uint)microseconds);
        else Thread.Sleep(1);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int Sleep(uint microseconds);

    private void SendLoop()
    {
        var streams = _streams.ToArray();
        int count = streams.Length;
        if (count == 0) return;
        var sequences = new ushort[count];
        Span<byte> datagram = stackalloc byte[HeaderBytes + PayloadBytes];
        datagram.Clear();
        datagram[0] = 0x80;
        datagram[1] = 8;
        long slot = Math.Max(1, FrameTicks / count);
        long started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (_running)
        {
            long due = (Stopwatch.GetTimestamp() - started) / slot + 1;
            for (; sent < due && _running; sent++)
            {
                int stream = (int)(sent % count);
                ushort sequence = sequences[stream]++;
                bool measured = _measuring;
                BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], sequence);
                BinaryPrimitives.WriteUInt32BigEndian(datagram[4..], (uint)(sent / count * PayloadBytes));
                BinaryPrimitives.WriteUInt32BigEndian(datagram[8..], (uint)stream + 1);
                var payload = datagram[HeaderBytes..];
                BinaryPrimitives.WriteInt32BigEndian(payload, stream);
                payload[12] = measured ? (byte)1 : (byte)0;
                BinaryPrimitives.WriteInt64BigEndian(payload[4..], Stopwatch.GetTimestamp());
                try
                {
                    _sockets[streams[stream].Socket].SendTo(datagram, SocketFlags.None, streams[stream].Destination);
                    Interlocked.Increment(ref _sentTotal);
                    if (measured) Interlocked.Increment(ref _sentMeasured);
                }
                catch (SocketException)
                {
                    // Counted as lost: it was due and never arrived.
                    if (measured) Interlocked.Increment(ref _sentMeasured);
                }
            }

            // Sleeping rather than spinning leaves the cores to the gateway; the send time is stamped per
            // packet, so the batching this causes does not count as latency.
            Pause(_pacingMicroseconds);
        }
    }
}

/// <summary>What a pump measured: packets sent/received in the window, sequence gaps, latency (relay only).</summary>
internal sealed record PumpTotals(long SentMeasured, long ReceivedMeasured, long SequenceGaps, LatencyHistogram Latency, long SentTotal);
