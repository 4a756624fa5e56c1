using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Media.Conference;

/// <summary>
/// Calls an action every 20 ms on the given <see cref="TimeProvider"/> (FakeTimeProvider in tests).
/// Ticks follow elapsed time, not timer callbacks: when the process was descheduled the missed
/// ticks are run at once (up to <see cref="MaxCatchUpTicks"/>, beyond which they are skipped), so the
/// outgoing streams keep their 50 packets/s. A tick that throws is logged and the clock keeps running.
/// </summary>
public sealed class MediaFrameClock : IAsyncDisposable
{
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);
    public const int MaxCatchUpTicks = 5;

    private readonly TimeProvider _time;
    private readonly PeriodicTimer _timer;
    private readonly Action _tick;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly Task _loop;
    private long _ticks;

    public MediaFrameClock(Action tick, TimeProvider time, ILogger<MediaFrameClock> logger)
    {
        _tick = tick;
        _time = time;
        _logger = logger;
        _started = time.GetTimestamp();
        _timer = new PeriodicTimer(FrameDuration, time);
        _loop = Task.Run(RunAsync);
    }

    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Ticks given up because the clock fell too far behind.</summary>
    public long SkippedTicks { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
    }

    private async Task RunAsync()
    {
        long done = 0;
        while (await _timer.WaitForNextTickAsync())
        {
            long due = _time.GetElapsedTime(_started).Ticks / FrameDuration.Ticks;
            if (due - done > MaxCatchUpTicks)
            {
                SkippedTicks += due - done - MaxCatchUpTicks;
                done = due - MaxCatchUpTicks;
            }

            while (done < due)
            {
                done++;
                try
                {
                    _tick();
                }
                catch (Exception exception)
                {
                    _logger.LogError(exception, "Media frame tick failed");
                }

                Interlocked.Increment(ref _ticks);
            }
        }
    }
}
