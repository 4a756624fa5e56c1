using System.Net;
using Gateway.Sip.Security.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security;

public sealed class InviteRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Burst_then_sustained_rate_with_retry_after()
    {
        var limiter = new InviteRateLimiter(new RateLimit(PerSecond: 2, Burst: 3), _time);
        var source = IPAddress.Parse("203.0.113.5");
        Assert.True(limiter.TryAcquire(source, out _));
        Assert.True(limiter.TryAcquire(source, out _));
        Assert.True(limiter.TryAcquire(source, out _));
        Assert.False(limiter.TryAcquire(source, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcquire(source, out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire(source, out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("203.0.113.6"), out _));
    }

    [Fact]
    public void Idle_sources_are_forgotten_when_the_table_is_full()
    {
        var limiter = new InviteRateLimiter(new RateLimit(1, 1), _time, maxTrackedSources: 4);
        for (var i = 1; i <= 4; i++) limiter.TryAcquire(IPAddress.Parse($"203.0.113.{i}"), out _);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("203.0.113.9"), out _));
        Assert.Equal(1, limiter.TrackedSources);
    }
}
