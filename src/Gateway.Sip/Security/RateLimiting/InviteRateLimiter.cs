using System.Collections.Concurrent;
using System.Net;

namespace Gateway.Sip.Security.RateLimiting;

/// <summary>
/// INVITE rate limiting: one token bucket per source IP for unknown sources and phones, and one per trunk peer
/// with the trunk's own (higher) limit, so a flood from elsewhere never drains a trunk's budget.
/// The number of tracked sources is bounded: idle full buckets are forgotten when the table grows.
/// </summary>
public sealed class InviteRateLimiter(RateLimit perSource, TimeProvider? timeProvider = null, int maxTrackedSources = 65536)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<IPAddress, TokenBucket> _sources = new();
    private readonly ConcurrentDictionary<string, TokenBucket> _trunks = new(StringComparer.Ordinal);

    public int TrackedSources => _sources.Count;

    /// <summary>True when the INVITE may proceed; otherwise <paramref name="retryAfter"/> says when to retry.</summary>
    public bool TryAcquire(IPAddress source, out TimeSpan retryAfter)
    {
        var now = _time.GetTimestamp();
        if (_sources.Count >= maxTrackedSources) ForgetIdle();
        var bucket = _sources.GetOrAdd(SourceAddressList.Normalize(source), static (_, state) => new TokenBucket(state.Limit, state.Now), (Limit: perSource, Now: now));
        lock (bucket) return bucket.TryTake(now, _time.TimestampFrequency, out retryAfter);
    }

    public bool TryAcquireForTrunk(string trunkName, RateLimit trunkLimit, out TimeSpan retryAfter)
    {
        var now = _time.GetTimestamp();
        var bucket = _trunks.GetOrAdd(trunkName, static (_, state) => new TokenBucket(state.Limit, state.Now), (Limit: trunkLimit, Now: now));
        lock (bucket) return bucket.TryTake(now, _time.TimestampFrequency, out retryAfter);
    }

    private void ForgetIdle()
    {
        var now = _time.GetTimestamp();
        foreach (var pair in _sources)
        {
            // A source silent for a minute has (nearly) refilled its bucket: forgetting it loses nothing that matters.
            long lastUsed;
            lock (pair.Value) lastUsed = pair.Value.LastUsedTimestamp;
            if (now - lastUsed > _time.TimestampFrequency * 60) _sources.TryRemove(pair);
        }
    }
}
