namespace Gateway.MediaLoad;

/// <summary>Latencies in 1 µs buckets up to 1 s (one per receive thread, merged at the end); no allocation per sample.</summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 1_000_000;
    private readonly int[] _counts = new int[Buckets + 1];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        if (microseconds < 0) microseconds = 0;
        _counts[Math.Min(microseconds, Buckets)]++;
        Count++;
        if (microseconds > MaxMicroseconds) MaxMicroseconds = microseconds;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the samples lie, in µs.</summary>
    public long Percentile(double fraction)
    {
        if (Count == 0) return 0;
        long rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return i;
        }

        return Buckets;
    }
}
