using Gateway.Sip.Media.Rtcp;

namespace Gateway.Sip.Media.Rtp;

/// <summary>Figures of one leg as the call record keeps them.</summary>
public sealed record RtpLegStatisticsSnapshot(
    long PacketsReceived,
    long OctetsReceived,
    long PacketsSent,
    long OctetsSent,
    long PacketsLost,
    double FractionLost,
    TimeSpan Jitter,
    TimeSpan? RoundTrip,
    int SsrcChanges,
    uint? RemoteSsrc,
    double? RemoteFractionLost,
    long? RemoteCumulativeLost,
    TimeSpan? RemoteJitter,
    long PacketsRefused = 0);

/// <summary>
/// Per-leg RTP/RTCP statistics: reception (sequence, loss, jitter, SSRC changes), our sending
/// counters, and what the far end reports about us (loss, jitter, round trip).
/// Thread-safe: the receive loop records, the RTCP timer and the call record read.
/// </summary>
public sealed class RtpLegStatistics
{
    private readonly Lock _gate = new();   // receive loop writes, RTCP timer and call record read
    private readonly TimeProvider _time;
    private readonly int _clockRate;
    private readonly RtpSequenceTracker _sequence = new();
    private readonly InterarrivalJitter _jitter;
    private uint? _remoteSsrc;
    private long _packetsReceived;
    private long _packetsRefused;
    private long _octetsReceived;
    private long _packetsSent;
    private long _octetsSent;
    private int _ssrcChanges;
    private byte _lastFractionLost;
    private uint _lastSenderReportCompact;
    private long _lastSenderReportArrival;
    private TimeSpan? _roundTrip;
    private RtcpReportBlock? _remoteReport;

    public RtpLegStatistics(TimeProvider time, int clockRate = 8000)
    {
        _time = time;
        _clockRate = clockRate;
        _jitter = new InterarrivalJitter(clockRate);
    }

    public uint? RemoteSsrc => _remoteSsrc;

    public int SsrcChanges => _ssrcChanges;

    public long PacketsLost => Math.Max(0, _sequence.CumulativeLost);

    /// <summary>Interarrival jitter in timestamp units.</summary>
    public uint JitterUnits => _jitter.Jitter;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Records a received RTP packet; returns true when its SSRC differs from the previous one.</summary>
    public bool RecordReceived(uint ssrc, ushort sequence, uint rtpTimestamp, int payloadLength) =>
        RecordReceived(ssrc, sequence, rtpTimestamp, payloadLength, _time.GetElapsedTime(0));

    /// <summary>As <see cref="RecordReceived(uint, ushort, uint, int)"/> with an explicit arrival time (monotonic origin).</summary>
    public bool RecordReceived(uint ssrc, ushort sequence, uint rtpTimestamp, int payloadLength, TimeSpan arrival)
    {
        lock (_gate)
        {
            return RecordReceivedLocked(ssrc, sequence, rtpTimestamp, payloadLength, arrival);
        }
    }

    private bool RecordReceivedLocked(uint ssrc, ushort sequence, uint rtpTimestamp, int payloadLength, TimeSpan arrival)
    {
        bool changed = _remoteSsrc is { } previous && previous != ssrc;
        if (_remoteSsrc is null || changed)
        {
            if (changed) _ssrcChanges++;
            _remoteSsrc = ssrc;
            _sequence.Reset(sequence);
            _jitter.Reset();
        }

        _sequence.Update(sequence);
        _jitter.Add(rtpTimestamp, arrival);
        _packetsReceived++;
        _octetsReceived += payloadLength;
        return changed;
    }

    public void RecordSent(int payloadLength)
    {
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _octetsSent, payloadLength);
    }

    /// <summary>Remembers the far end's SR so our next report block carries LSR/DLSR.</summary>
    public void RecordSenderReport(in RtcpSenderInfo sender)
    {
        lock (_gate)
        {
            _lastSenderReportCompact = NtpTime.Middle32(sender.NtpTimestamp);
            _lastSenderReportArrival = _time.GetTimestamp();
        }
    }

    /// <summary>Takes in the far end's report about our stream and derives the round trip.</summary>
    public void RecordReportBlock(in RtcpReportBlock block)
    {
        lock (_gate)
        {
            _remoteReport = block;
            if (block.RoundTrip(_time.GetUtcNow()) is { } roundTrip) _roundTrip = roundTrip;
        }
    }

    /// <summary>The reception report block about the far end's stream, for our next SR/RR.</summary>
    public RtcpReportBlock BuildReportBlock()
    {
        lock (_gate)
        {
            return BuildReportBlockLocked();
        }
    }

    private RtcpReportBlock BuildReportBlockLocked()
    {
        _lastFractionLost = _sequence.TakeFractionLost();
        uint delaySinceLast = _lastSenderReportCompact == 0
            ? 0
            : NtpTime.ToCompact(_time.GetElapsedTime(_lastSenderReportArrival));
        return new RtcpReportBlock(
            _remoteSsrc ?? 0,
            _lastFractionLost,
            (int)Math.Clamp(_sequence.CumulativeLost, int.MinValue, int.MaxValue),
            (uint)_sequence.ExtendedHighestSequence,
            _jitter.Jitter,
            _lastSenderReportCompact,
            delaySinceLast);
    }

    /// <summary>Sender info for our next SR.</summary>
    public RtcpSenderInfo BuildSenderInfo(uint currentRtpTimestamp) => new(
        NtpTime.FromDateTime(_time.GetUtcNow()),
        currentRtpTimestamp,
        (uint)Interlocked.Read(ref _packetsSent),
        (uint)Interlocked.Read(ref _octetsSent));

    public RtpLegStatisticsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return SnapshotLocked();
        }
    }

    private RtpLegStatisticsSnapshot SnapshotLocked() => new(
        _packetsReceived,
        _octetsReceived,
        Interlocked.Read(ref _packetsSent),
        Interlocked.Read(ref _octetsSent),
        PacketsLost,
        _lastFractionLost / 256.0,
        TimeSpan.FromSeconds((double)_jitter.Jitter / _clockRate),
        _roundTrip,
        _ssrcChanges,
        _remoteSsrc,
        _remoteReport?.FractionLostRatio,
        _remoteReport?.CumulativeLost,
        _remoteReport is { } report ? TimeSpan.FromSeconds((double)report.Jitter / _clockRate) : null,
        Interlocked.Read(ref _packetsRefused));

    /// <summary>Valid RTP/RTCP packets dropped because they came from a source other than the leg's far end.</summary>
    public long PacketsRefused => Interlocked.Read(ref _packetsRefused);

    /// <summary>Counts one packet refused by symmetric RTP (an injection attempt or stray traffic).</summary>
    public void RecordRefused() => Interlocked.Increment(ref _packetsRefused);
}
