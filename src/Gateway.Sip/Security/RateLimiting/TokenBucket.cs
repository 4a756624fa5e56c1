namespace Gateway.Sip.Security.RateLimiting;

/// <summary>A token bucket on timestamps the caller supplies (from a TimeProvider). Not thread-safe: callers lock.</summary>
internal sealed class TokenBucket(RateLimit limit, long nowTimestamp)
{
    private double _tokens = limit.Burst;
    private long _lastTimestamp = nowTimestamp;

    public long LastUsedTimestamp => _lastTimestamp;

    /// <summary>Takes one token, or says how long until one is available.</summary>
    public bool TryTake(long nowTimestamp, long timestampFrequency, out TimeSpan retryAfter)
    {
        var elapsedSeconds = Math.Max(0, nowTimestamp - _lastTimestamp) / (double)timestampFrequency;
        _tokens = Math.Min(limit.Burst, _tokens + elapsedSeconds * limit.PerSecond);
        _lastTimestamp = nowTimestamp;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }
        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / limit.PerSecond);
        return false;
    }
}

/// <summary>Sustained rate and burst size of a bucket.</summary>
public readonly record struct RateLimit(double PerSecond, int Burst)
{
    public bool IsValid => PerSecond > 0 && Burst >= 1;
}
