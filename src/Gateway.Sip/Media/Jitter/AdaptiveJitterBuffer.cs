using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Media.Jitter;

/// <summary>
/// Adaptive jitter buffer for one decoded leg. Packets (any ptime) are placed by RTP timestamp
/// into a ring of 20 ms frames; a 20 ms clock reads one frame at a time. The playout depth follows
/// the measured interarrival jitter (RFC 3550 A.8): it grows by stalling one frame when the buffer
/// is shallower than the target and shrinks by skipping one when it is deeper, at most once per
/// <see cref="JitterBufferOptions.AdjustEveryFrames"/>. Late and duplicate packets are dropped;
/// missing frames are concealed by repeating the last frame with a fade. No allocation after
/// construction. Not thread-safe: the owner serialises Insert and ReadFrame.
/// </summary>
public sealed class AdaptiveJitterBuffer
{
    public const int FrameSamples = 160;
    private const int HalfFrame = FrameSamples / 2;
    private const int LateRunBeforeResync = 10;

    private readonly JitterBufferOptions _options;
    private readonly int _capacity;
    private readonly short[] _ring;
    private readonly byte[] _filledHalves;       // bit 0: first 10 ms of the slot present, bit 1: second
    private readonly short[] _lastFrame = new short[FrameSamples];
    private readonly InterarrivalJitter _jitter;
    private int _playoutSlot;
    private uint _playoutTimestamp;
    private uint _newestEnd;
    private bool _synchronised;
    private bool _playing;
    private int _concealedInRow;
    private int _framesSinceAdjust;
    private int _lateInRow;
    private int _packetFrames = 1;

    public AdaptiveJitterBuffer(JitterBufferOptions? options = null)
    {
        _options = options ?? new JitterBufferOptions();
        if (_options.MinDepthFrames < 1 || _options.MaxDepthFrames < _options.MinDepthFrames || _options.CapacityFrames < 2 * _options.MaxDepthFrames)
        {
            throw new ArgumentException("Jitter buffer needs 1 ≤ MinDepthFrames ≤ MaxDepthFrames and CapacityFrames ≥ 2 × MaxDepthFrames.", nameof(options));
        }

        _capacity = _options.CapacityFrames;
        _ring = new short[_capacity * FrameSamples];
        _filledHalves = new byte[_capacity];
        _jitter = new InterarrivalJitter(_options.ClockRate);
        TargetDepthFrames = _options.MinDepthFrames;
    }

    /// <summary>Depth the buffer currently steers towards, in frames.</summary>
    public int TargetDepthFrames { get; private set; }

    /// <summary>Frames between playout and the newest sample received.</summary>
    public int BufferedFrames => _synchronised ? Math.Max(0, (int)(_newestEnd - _playoutTimestamp) + FrameSamples - 1) / FrameSamples : 0;

    public TimeSpan Jitter => _jitter.JitterTime;

    public long LatePackets { get; private set; }

    public long DuplicatePackets { get; private set; }

    public long ConcealedFrames { get; private set; }

    public long Resynchronisations { get; private set; }

    /// <summary>
    /// Adds a decoded packet whose first sample has RTP <paramref name="timestamp"/>; returns false
    /// when it was dropped as late or duplicate.
    /// </summary>
    public bool Insert(uint timestamp, ReadOnlySpan<short> samples, TimeSpan arrival)
    {
        if (samples.IsEmpty || samples.Length > (_capacity / 2) * FrameSamples) return false;
        if (!_synchronised) Resynchronise(timestamp);

        int offset = (int)(timestamp - _playoutTimestamp);
        if (offset < -(_options.MaxDepthFrames * 2 * FrameSamples) || offset + samples.Length > _capacity * FrameSamples)
        {
            // Far outside the window: the source restarted its clock or paused; follow it.
            Resynchronise(timestamp);
            offset = 0;
        }
        else if (offset < 0)
        {
            LatePackets++;
            if (++_lateInRow < LateRunBeforeResync) return false;
            Resynchronise(timestamp);   // every packet late: the stream sits behind our clock for good
            offset = 0;
        }

        _lateInRow = 0;

        _jitter.Add(timestamp, arrival);
        // A 40/60 ms packet brings 2/3 frames at once and then nothing for as long: the depth and the bounds around it
        // must span one packet, or the buffer runs dry before each packet and is trimmed right after it.
        _packetFrames = Math.Clamp((samples.Length + FrameSamples - 1) / FrameSamples, 1, _options.MaxDepthFrames);
        UpdateTarget();
        if (IsAlreadyFilled(offset, samples.Length))
        {
            DuplicatePackets++;
            return false;
        }

        Store(offset, samples);
        uint end = timestamp + (uint)samples.Length;
        if ((int)(end - _newestEnd) > 0) _newestEnd = end;
        return true;
    }

    /// <summary>Produces the next 20 ms frame (160 samples) into <paramref name="frame"/>.</summary>
    public JitterFrameKind ReadFrame(Span<short> frame)
    {
        frame = frame[..FrameSamples];
        if (!_synchronised || (!_playing && BufferedFrames < TargetDepthFrames))
        {
            frame.Clear();
            return JitterFrameKind.Silence;
        }

        _playing = true;
        _framesSinceAdjust++;
        int buffered = BufferedFrames;
        if (_framesSinceAdjust >= _options.AdjustEveryFrames && buffered > TargetDepthFrames + _packetFrames)
        {
            AdvanceSlot();        // too deep: drop the oldest frame to cut delay
            _framesSinceAdjust = 0;
        }
        else if (_framesSinceAdjust >= _options.AdjustEveryFrames && buffered > 0 && buffered < TargetDepthFrames - (_packetFrames - 1))
        {
            _framesSinceAdjust = 0;
            return Conceal(frame);   // too shallow: stretch by one frame without consuming
        }

        if (_filledHalves[_playoutSlot] != 0)
        {
            _ring.AsSpan(_playoutSlot * FrameSamples, FrameSamples).CopyTo(frame);
            frame.CopyTo(_lastFrame);
            _concealedInRow = 0;
            AdvanceSlot();
            return JitterFrameKind.Audio;
        }

        var kind = Conceal(frame);
        AdvanceSlot();
        return kind;
    }

    private JitterFrameKind Conceal(Span<short> frame)
    {
        _concealedInRow++;
        int frames = _options.ConcealmentFrames;
        if (_concealedInRow > frames)
        {
            frame.Clear();
            return JitterFrameKind.Silence;
        }

        // Linear fade across the concealed frames, ramped per sample so no step is audible.
        float startGain = 1f - ((_concealedInRow - 1) / (float)frames);
        float endGain = 1f - (_concealedInRow / (float)frames);
        for (int i = 0; i < FrameSamples; i++)
        {
            float gain = startGain + ((endGain - startGain) * i / (FrameSamples - 1));
            frame[i] = (short)(_lastFrame[i] * gain);
        }

        ConcealedFrames++;
        return JitterFrameKind.Concealed;
    }

    private void UpdateTarget()
    {
        // Three times the mean deviation covers nearly all arrivals of a roughly normal jitter.
        int frames = _packetFrames + (int)Math.Ceiling(3.0 * _jitter.Jitter / FrameSamples);
        TargetDepthFrames = Math.Clamp(frames, _options.MinDepthFrames, _options.MaxDepthFrames);
    }

    /// <summary>Forgets everything buffered; the next packet starts a new timeline (new source SSRC).</summary>
    public void Reset() => _synchronised = false;

    private void Resynchronise(uint timestamp)
    {
        _lateInRow = 0;
        Array.Clear(_ring);
        Array.Clear(_filledHalves);
        _playoutSlot = 0;
        _playoutTimestamp = timestamp;
        _newestEnd = timestamp;
        _jitter.Reset();             // a new timeline: old transit times say nothing about it
        UpdateTarget();
        if (_synchronised) Resynchronisations++;
        _synchronised = true;
        _playing = false;
    }

    private void AdvanceSlot()
    {
        _ring.AsSpan(_playoutSlot * FrameSamples, FrameSamples).Clear();
        _filledHalves[_playoutSlot] = 0;
        _playoutSlot = (_playoutSlot + 1) % _capacity;
        _playoutTimestamp += FrameSamples;
    }

    private bool IsAlreadyFilled(int offset, int length)
    {
        for (int position = offset; position < offset + length; position += HalfFrame)
        {
            int slot = (_playoutSlot + (position / FrameSamples)) % _capacity;
            int half = (position % FrameSamples) < HalfFrame ? 1 : 2;
            if ((_filledHalves[slot] & half) == 0) return false;
        }

        return true;
    }

    private void Store(int offset, ReadOnlySpan<short> samples)
    {
        int position = offset;
        while (!samples.IsEmpty)
        {
            int slot = (_playoutSlot + (position / FrameSamples)) % _capacity;
            int within = position % FrameSamples;
            int count = Math.Min(FrameSamples - within, samples.Length);
            samples[..count].CopyTo(_ring.AsSpan((slot * FrameSamples) + within, count));
            if (within < HalfFrame) _filledHalves[slot] |= 1;
            if (within + count > HalfFrame) _filledHalves[slot] |= 2;
            samples = samples[count..];
            position += count;
        }
    }
}
