namespace Gateway.Sip.Media.Rtp;

/// <summary>
/// Interarrival jitter of RFC 3550 §6.4.1 / A.8, in timestamp units:
/// J += (|D| − J) / 16 where D compares arrival spacing with timestamp spacing.
/// </summary>
public sealed class InterarrivalJitter
{
    private readonly int _clockRate;
    private long _previousTransit;
    private bool _hasPrevious;
    private double _jitter;

    public InterarrivalJitter(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
    }

    /// <summary>Current estimate in RTP timestamp units (the value reported in RR blocks).</summary>
    public uint Jitter => (uint)_jitter;

    public TimeSpan JitterTime => TimeSpan.FromSeconds(_jitter / _clockRate);

    /// <summary>Adds a packet that arrived at <paramref name="arrival"/> (any monotonic origin).</summary>
    public void Add(uint rtpTimestamp, TimeSpan arrival)
    {
        long arrivalUnits = (long)(arrival.Ticks * (double)_clockRate / TimeSpan.TicksPerSecond);
        long transit = arrivalUnits - rtpTimestamp;
        if (_hasPrevious)
        {
            // Timestamps wrap at 2^32: compare transits modulo 32 bits.
            long difference = Math.Abs((long)(int)(transit - _previousTransit));
            _jitter += (difference - _jitter) / 16.0;
        }

        _previousTransit = transit;
        _hasPrevious = true;
    }

    public void Reset()
    {
        _hasPrevious = false;
        _jitter = 0;
    }
}
