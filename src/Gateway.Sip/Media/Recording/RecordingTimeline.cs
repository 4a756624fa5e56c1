namespace Gateway.Sip.Media.Recording;

/// <summary>
/// One side of a call recording on the file's own time line (sample 0 = the recording's start). A packet is placed
/// where its RTP timestamp puts it, counted from where the side's first packet arrived; the file is written
/// <see cref="DelayFrames"/> behind real time, so ordinary jitter lands before its frame is written. Nothing is
/// skipped, repeated or concealed. A packet that comes later still (a burst after a network or sender stall) is added
/// into the file at its place (<see cref="CallRecorder.WriteLate"/>), and a burst that runs ahead of real time waits
/// in the ring, so a burst is recorded instead of dropped. Only audio further than <see cref="LateWindowFrames"/>
/// behind or beyond <see cref="AheadFrames"/> ahead re-anchors the side (a new time line) or, with the ring full,
/// is counted in <see cref="DroppedSamples"/>. Duplicates are dropped (each 10 ms once). Shares the session's lock;
/// no allocation per packet.
/// </summary>
public sealed class RecordingTimeline
{
    public const int FrameSamples = 160;

    /// <summary>Frames the file is written behind real time (160 ms): jitter up to this costs nothing.</summary>
    public const int DelayFrames = 8;

    /// <summary>Frames the ring holds ahead of the written part (2.56 s): a burst faster than real time waits here.</summary>
    public const int AheadFrames = 128;

    /// <summary>How far back (10 s) late audio is still added into the file.</summary>
    public const int LateWindowFrames = 500;

    private const int HalfFrame = FrameSamples / 2;
    private const int FlagFrames = LateWindowFrames + AheadFrames;

    private readonly Lock _gate;
    private readonly CallRecorder _recorder;
    private readonly RecordingSide _side;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly short[] _ring = new short[AheadFrames * FrameSamples];
    private readonly byte[] _filledHalves = new byte[FlagFrames];   // bit 0: first 10 ms of the frame present, bit 1: second
    private long _written;           // frames handed to the recorder
    private long _newestEnd;         // sample position just after the newest audio placed
    private bool _anchored;
    private bool _everAnchored;
    private uint _lastTimestamp;
    private long _lastPosition;

    internal RecordingTimeline(Lock gate, CallRecorder recorder, RecordingSide side, TimeProvider time, long started)
    {
        _gate = gate;
        _recorder = recorder;
        _side = side;
        _time = time;
        _started = started;
    }

    /// <summary>Samples added into the file after their frame had been written (late arrivals that were kept).</summary>
    public long LateSamples { get; private set; }

    /// <summary>Samples that could not be placed: before the recording, too late, or beyond a full ring.</summary>
    public long DroppedSamples { get; private set; }

    /// <summary>Samples dropped because their 10 ms were already there.</summary>
    public long DuplicateSamples { get; private set; }

    /// <summary>Times the side's RTP time line was started afresh (new source, or a timestamp far off).</summary>
    public long Reanchors { get; private set; }

    /// <summary>The next packet starts a new time line (the source changed its SSRC).</summary>
    public void NewSource()
    {
        lock (_gate) _anchored = false;
    }

    /// <summary>Places one decoded RTP packet whose first sample has <paramref name="timestamp"/> (8 kHz clock).</summary>
    public void InsertRtp(uint timestamp, ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            long position = _lastPosition + (int)(timestamp - _lastTimestamp);
            long earliest = (_written - LateWindowFrames) * FrameSamples;
            long latest = (_written + AheadFrames) * FrameSamples;
            if (!_anchored || position < earliest || position >= latest)
            {
                // A new time line starts where it arrives, after anything already placed (so it never overwrites).
                if (_everAnchored) Reanchors++;
                position = Math.Max(ArrivalPosition(), RoundUpToHalf(_newestEnd));
                _anchored = _everAnchored = true;
            }

            _lastTimestamp = timestamp;
            _lastPosition = position;
            Place(position, samples);
        }
    }

    /// <summary>Places one 20 ms frame at frame <paramref name="frameIndex"/> of the file (what was played on that tick).</summary>
    public void InsertFrame(long frameIndex, ReadOnlySpan<short> frame)
    {
        lock (_gate) Place(frameIndex * FrameSamples, frame);
    }

    /// <summary>Moves the next frame out of the ring (silence where nothing arrived). Caller holds the session's lock.</summary>
    internal void TakeFrame(Span<short> frame)
    {
        int slot = (int)(_written % AheadFrames) * FrameSamples;
        _ring.AsSpan(slot, FrameSamples).CopyTo(frame);
        _ring.AsSpan(slot, FrameSamples).Clear();
        _written++;
        // The frame that just came into reach ahead reuses the flags of one that left the late window.
        _filledHalves[(_written + AheadFrames - 1) % FlagFrames] = 0;
    }

    private long ArrivalPosition()
    {
        long elapsed = _time.GetElapsedTime(_started).Ticks * 8000 / TimeSpan.TicksPerSecond;
        return elapsed / FrameSamples * FrameSamples;   // on a frame boundary, so 20 ms packets fill whole frames
    }

    private static long RoundUpToHalf(long position) => (position + HalfFrame - 1) / HalfFrame * HalfFrame;

    private void Place(long position, ReadOnlySpan<short> samples)
    {
        long earliest = Math.Max(0, (_written - LateWindowFrames) * FrameSamples);
        long latest = (_written + AheadFrames) * FrameSamples;
        while (!samples.IsEmpty)
        {
            long frame = position / FrameSamples;
            int within = (int)(position % FrameSamples);
            int count = Math.Min(FrameSamples - within, samples.Length);
            var piece = samples[..count];
            if (position < earliest || position >= latest)
            {
                DroppedSamples += count;
            }
            else
            {
                int flags = (within < HalfFrame ? 1 : 0) | (within + count > HalfFrame ? 2 : 0);
                ref byte filled = ref _filledHalves[frame % FlagFrames];
                if ((filled & flags) == flags)
                {
                    DuplicateSamples += count;
                }
                else
                {
                    filled |= (byte)flags;
                    if (frame >= _written)
                    {
                        piece.CopyTo(_ring.AsSpan((int)(frame % AheadFrames) * FrameSamples + within, count));
                    }
                    else
                    {
                        _recorder.WriteLate(_side, position, piece);
                        LateSamples += count;
                    }

                    _newestEnd = Math.Max(_newestEnd, position + count);
                }
            }

            samples = samples[count..];
            position += count;
        }
    }
}
