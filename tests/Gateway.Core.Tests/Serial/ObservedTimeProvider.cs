using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Serial;

/// <summary>A fake clock that also reports each timer created, so a test advances time only once a delay is armed.</summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer armed (waits for it; the token is only a safety net).</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) =>
        await _timers.Reader.ReadAsync(cancellationToken);
}
