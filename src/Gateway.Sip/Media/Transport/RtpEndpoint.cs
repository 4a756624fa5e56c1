using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Media.Rtcp;
using Gateway.Sip.Media.Rtp;
using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Media.Transport;

/// <summary>
/// One call leg's media transport: an RTP socket on an even port and an RTCP socket on the next
/// odd port from the configured range, symmetric-RTP latching, statistics and periodic RTCP SR/RR. Its datagrams
/// come from an <see cref="IUdpReceiveEngine"/> (shared epoll threads on Linux, or a receive loop per socket), with
/// no allocation per packet.
/// </summary>
public sealed class RtpEndpoint : IRtpSender, IAsyncDisposable
{
    private const int RtcpBufferLength = 512;

    private readonly Socket _rtpSocket;
    private readonly Socket _rtcpSocket;
    private readonly RtpPortAllocator _allocator;
    private readonly RtpEndpointOptions _options;
    private readonly MediaMetrics _metrics;
    private readonly TimeProvider _time;

    /// <summary>The clock this leg runs on (for timestamps of what happens to it).</summary>
    public TimeProvider Time => _time;
    private readonly ILogger _logger;
    private readonly SymmetricRtpLatch _rtpLatch;
    private readonly SymmetricRtpLatch _rtcpLatch;
    private readonly IUdpReceiveEngine _receiver;
    private SocketAddress? _configuredRtpRemote;
    private SocketAddress? _configuredRtcpRemote;
    private IRtpPacketHandler? _handler;
    private IAsyncDisposable? _receiving;
    private ITimer? _rtcpTimer;
    private long _reportedLost;
    private uint _lastSentTimestamp;
    private int _disposed;
    private int _refusalLogged;

    private RtpEndpoint(Socket rtpSocket, Socket rtcpSocket, int rtpPort, RtpPortAllocator allocator, RtpEndpointOptions options, MediaMetrics metrics, TimeProvider time, ILogger logger, IUdpReceiveEngine receiver)
    {
        _receiver = receiver;
        _rtpSocket = rtpSocket;
        _rtcpSocket = rtcpSocket;
        _allocator = allocator;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _rtpLatch = new SymmetricRtpLatch(options.RelatchAfterPackets, options.RelatchAfterSilence, time);
        _rtcpLatch = new SymmetricRtpLatch(options.RelatchAfterPackets, options.RelatchAfterSilence, time);
        LocalRtpPort = rtpPort;
        LocalSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        Statistics = new RtpLegStatistics(time, options.ClockRate);
    }

    public int LocalRtpPort { get; }

    public int LocalRtcpPort => LocalRtpPort + 1;

    /// <summary>SSRC this leg uses in RTCP (and which senders on this leg should use in RTP).</summary>
    public uint LocalSsrc { get; }

    public RtpLegStatistics Statistics { get; }

    /// <summary>Where RTP goes: the latched source, else the address from SDP, else null.</summary>
    public IPEndPoint? RemoteEndPoint => (_rtpLatch.Latched ?? _configuredRtpRemote) is { } address ? SymmetricRtpLatch.ToEndPoint(address) : null;

    /// <summary>Raised (on the receive thread) when symmetric RTP moves our sending to a new source address.</summary>
    public event Action<RtpEndpoint, IPEndPoint>? RemoteLatched;

    /// <summary>Raised (on the receive thread) when the far end's SSRC changes (re-INVITE, transfer, another phone).</summary>
    public event Action<RtpEndpoint, uint>? RemoteSourceChanged;

    /// <summary>Raised (on the receive thread) after a valid RTCP compound packet was taken into the statistics.</summary>
    public event Action<RtpEndpoint>? RtcpReceived;

    /// <summary>
    /// Binds a new leg on a free pair of the allocator's range; its packets come from <paramref name="receiver"/>
    /// (default: a receive loop per socket).
    /// </summary>
    public static RtpEndpoint Open(RtpPortAllocator allocator, RtpEndpointOptions options, MediaMetrics metrics, TimeProvider time, ILogger<RtpEndpoint> logger,
        IUdpReceiveEngine? receiver = null)
    {
        for (int attempt = 0; attempt < options.BindAttempts; attempt++)
        {
            if (!allocator.TryAllocate(out int port)) break;
            Socket? rtp = null, rtcp = null;
            try
            {
                rtp = Bind(options.BindAddress, port);
                rtcp = Bind(options.BindAddress, port + 1);
                return new RtpEndpoint(rtp, rtcp, port, allocator, options, metrics, time, logger, receiver ?? SocketLoopReceiveEngine.Default);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Another program holds it: keep it out of circulation for now by releasing it to the back of the queue.
                logger.LogDebug("RTP port {Port} in use by another program, trying the next pair", port);
                rtp?.Dispose();
                rtcp?.Dispose();
                allocator.Release(port);
            }
        }

        throw new InvalidOperationException($"No free RTP port pair in {allocator.MinPort}-{allocator.MaxPort}.");
    }

    /// <summary>
    /// The far end's address from SDP: used until its packets show where it really is, and always let in (a new one,
    /// after a re-INVITE, starts the latch learning afresh).
    /// </summary>
    public void SetRemote(IPEndPoint rtp, IPEndPoint? rtcp = null)
    {
        var rtpAddress = rtp.Serialize();
        var rtcpAddress = (rtcp ?? new IPEndPoint(rtp.Address, rtp.Port + 1)).Serialize();
        _rtpLatch.Signal(rtpAddress);
        _rtcpLatch.Signal(rtcpAddress);
        Volatile.Write(ref _configuredRtpRemote, rtpAddress);
        Volatile.Write(ref _configuredRtcpRemote, rtcpAddress);
    }

    /// <summary>Starts receiving and RTCP reports; packets go to <paramref name="handler"/>.</summary>
    public void Start(IRtpPacketHandler handler)
    {
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null) throw new InvalidOperationException("Leg already started.");
        _receiving = _receiver.Register(new UdpReceiver(_rtpSocket, HandleRtp), new UdpReceiver(_rtcpSocket, OnRtcpDatagram));
        _rtcpTimer = _time.CreateTimer(_ => OnRtcpTimer(), null, RandomisedRtcpInterval(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends a complete RTP datagram to the far end; false when no remote is known yet.</summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        SocketAddress? target = _rtpLatch.Latched ?? Volatile.Read(ref _configuredRtpRemote);
        if (target is null || datagram.Length < RtpHeader.FixedLength) return false;
        try
        {
            _rtpSocket.SendTo(datagram, SocketFlags.None, target);
        }
        catch (SocketException exception)
        {
            // ICMP errors surface on the next send on some platforms; a lost packet is not fatal.
            _logger.LogDebug(exception, "RTP send on port {Port} failed", LocalRtpPort);
            return false;
        }

        _lastSentTimestamp = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        Statistics.RecordSent(datagram.Length - RtpHeader.FixedLength);
        _metrics.PacketsOut.Add(1);
        return true;
    }

    bool IRtpSender.Send(Span<byte> datagram) => Send(datagram);

    /// <summary>Builds and sends an RTCP SR (after we sent media) or RR, with SDES CNAME.</summary>
    public void SendReport()
    {
        SocketAddress? target = _rtcpLatch.Latched ?? Volatile.Read(ref _configuredRtcpRemote);
        if (target is null || _disposed != 0) return;

        Span<byte> buffer = stackalloc byte[RtcpBufferLength];
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
        int blockCount = 0;
        if (Statistics.RemoteSsrc is not null)
        {
            blocks[0] = Statistics.BuildReportBlock();
            blockCount = 1;
            RecordReportMetrics(blocks[0]);
        }

        int length = Statistics.PacketsSent > 0
            ? RtcpWriter.WriteSenderReport(buffer, LocalSsrc, Statistics.BuildSenderInfo(_lastSentTimestamp), blocks[..blockCount])
            : RtcpWriter.WriteReceiverReport(buffer, LocalSsrc, blocks[..blockCount]);
        length += RtcpWriter.WriteSourceDescription(buffer[length..], LocalSsrc, _options.CanonicalName);
        try
        {
            _rtcpSocket.SendTo(buffer[..length], SocketFlags.None, target);
        }
        catch (SocketException exception)
        {
            _logger.LogDebug(exception, "RTCP send on port {Port} failed", LocalRtcpPort);
        }
        catch (ObjectDisposedException)
        {
            // Timer raced with disposal.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_rtcpTimer is not null) await _rtcpTimer.DisposeAsync();
        SendGoodbye();
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Stop receiving first: once these complete no handler runs for this leg, and the sockets can close.
        if (_receiving is not null) await _receiving.DisposeAsync();
        _rtpSocket.Dispose();
        _rtcpSocket.Dispose();
        _allocator.Release(LocalRtpPort);
    }

    /// <summary>Tells the far end this source is leaving (RFC 3550 §6.6): RR + SDES + BYE.</summary>
    private void SendGoodbye()
    {
        SocketAddress? target = _rtcpLatch.Latched ?? Volatile.Read(ref _configuredRtcpRemote);
        if (target is null || _disposed != 0) return;
        Span<byte> buffer = stackalloc byte[RtcpBufferLength];
        int length = RtcpWriter.WriteReceiverReport(buffer, LocalSsrc, default);
        length += RtcpWriter.WriteSourceDescription(buffer[length..], LocalSsrc, _options.CanonicalName);
        length += RtcpWriter.WriteGoodbye(buffer[length..], LocalSsrc);
        try
        {
            _rtcpSocket.SendTo(buffer[..length], SocketFlags.None, target);
        }
        catch (SocketException exception)
        {
            _logger.LogDebug(exception, "RTCP BYE on port {Port} failed", LocalRtcpPort);
        }
    }

    private void OnRtcpTimer()
    {
        SendReport();
        try
        {
            _rtcpTimer?.Change(RandomisedRtcpInterval(), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Leg closed while reporting.
        }
    }

    /// <summary>RFC 3550 §6.3.1: spread reports over 0.5–1.5 × the interval so legs do not report in lockstep.</summary>
    private TimeSpan RandomisedRtcpInterval() => _options.RtcpInterval * (0.5 + Random.Shared.NextDouble());

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void HandleRtp(Span<byte> datagram, SocketAddress source)
    {
        if (RtpPacket.TryParse(datagram, out var packet) != RtpParseError.None)
        {
            _metrics.PacketsInvalid.Add(1);
            return;
        }

        var verdict = _rtpLatch.Observe(source);
        if (verdict == LatchVerdict.Refused)
        {
            Refuse(source, "RTP", LocalRtpPort);
            return;
        }

        _metrics.PacketsIn.Add(1);
        if (verdict == LatchVerdict.Moved)
        {
            var endPoint = SymmetricRtpLatch.ToEndPoint(_rtpLatch.Latched!);
            _logger.LogInformation("RTP on port {Port} latched to {Remote}", LocalRtpPort, endPoint);
            RemoteLatched?.Invoke(this, endPoint);
        }

        if (Statistics.RecordReceived(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, packet.PayloadLength))
        {
            RemoteSourceChanged?.Invoke(this, packet.Ssrc);
        }

        _handler!.OnRtpPacket(this, datagram, packet);   // a throw is logged by the receive engine, the leg goes on
    }

    /// <summary>Drops a packet from a foreign source: counted, and logged once per leg (a flood must not flood the log).</summary>
    private void Refuse(SocketAddress source, string kind, int port)
    {
        Statistics.RecordRefused();
        _metrics.PacketsRefused.Add(1);
        if (Interlocked.Exchange(ref _refusalLogged, 1) == 0)
        {
            _logger.LogWarning("{Kind} from {Source} refused on port {Port}: the leg takes media only from its far end {Remote} (further refusals are counted in gateway.media.rtp.packets_refused)",
                kind, SymmetricRtpLatch.ToEndPoint(source), port, RemoteEndPoint);
        }
    }

    private void OnRtcpDatagram(Span<byte> datagram, SocketAddress source)
    {
        if (!IsRtcp(datagram)) return;   // garbage neither latches nor counts
        if (_rtcpLatch.Observe(source) == LatchVerdict.Refused)
        {
            Refuse(source, "RTCP", LocalRtcpPort);
            return;
        }

        TakeRtcp(datagram);
        RtcpReceived?.Invoke(this);
    }

    private static bool IsRtcp(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        bool any = false;
        while (reader.TryReadNext(out _)) any = true;
        return any && reader.Error == RtcpParseError.None;
    }

    private void TakeRtcp(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[31];
        while (reader.TryReadNext(out var packet))
        {
            if (packet.Type is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport)) continue;
            if (packet.TryReadReport(out var sender, blocks, out int count) != RtcpParseError.None) continue;
            if (sender is { } info) Statistics.RecordSenderReport(info);
            for (int i = 0; i < count; i++)
            {
                if (blocks[i].Ssrc != LocalSsrc) continue;
                Statistics.RecordReportBlock(blocks[i]);
                if (Statistics.Snapshot().RoundTrip is { } roundTrip) _metrics.RoundTrip.Record(roundTrip.TotalMilliseconds);
            }
        }
    }

    private void RecordReportMetrics(in RtcpReportBlock block)
    {
        long lost = Math.Max(0, block.CumulativeLost);
        if (lost > _reportedLost)
        {
            _metrics.PacketsLost.Add(lost - _reportedLost);
            _reportedLost = lost;
        }

        _metrics.Jitter.Record(block.Jitter * 1000.0 / _options.ClockRate);
    }
}
