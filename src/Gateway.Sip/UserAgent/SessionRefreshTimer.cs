namespace Gateway.Sip.UserAgent;

/// <summary>
/// RFC 4028 §10: as refresher, refresh at half the interval; otherwise, end the session when no refresh came
/// before the interval minus min(32 s, interval/3). Every refresh (sent or received) restarts it.
/// </summary>
public sealed class SessionRefreshTimer : IDisposable
{
    private readonly ITimer _timer;
    private readonly Action _refreshDue;
    private readonly Action _expired;
    private TimeSpan _interval;
    private bool _weRefresh;

    public SessionRefreshTimer(TimeProvider time, Action refreshDue, Action expired)
    {
        _refreshDue = refreshDue;
        _expired = expired;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Interval => _interval;
    public bool WeRefresh => _weRefresh;

    public void Restart(TimeSpan interval, bool weRefresh)
    {
        _interval = interval;
        _weRefresh = weRefresh;
        _timer.Change(DueTime(), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan DueTime()
    {
        if (_weRefresh) return _interval / 2;
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(32).Ticks, (_interval / 3).Ticks));
        return _interval - margin;
    }

    private void Fire()
    {
        if (_weRefresh) _refreshDue();
        else _expired();
    }

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
