namespace Gateway.Dispatch.Deadlines;

/// <summary>
/// One-shot timers on a <see cref="TimeProvider"/>, keyed so a timer can be replaced or cancelled.
/// A due time in the past fires at once (after a restart that slept through it). Callbacks run outside
/// this class's lock; callers must not schedule while holding a lock the callback takes.
/// </summary>
internal sealed class TimerSet<TKey>(TimeProvider time) : IDisposable where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Entry> _entries = [];
    private bool _disposed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public void Schedule(TKey key, DateTimeOffset dueAt, Action<TKey> onDue)
    {
        var delay = dueAt - time.GetUtcNow();
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }
        var entry = new Entry(key, onDue, this);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            if (_entries.Remove(key, out var previous))
            {
                previous.Timer?.Dispose();
            }
            _entries[key] = entry;
            entry.Timer = time.CreateTimer(static state => ((Entry)state!).Fire(), entry, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        // Started outside the lock: a fake clock may fire a zero delay inline.
        entry.Timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    public void Cancel(TKey key)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var entry))
            {
                entry.Timer?.Dispose();
            }
        }
    }

    private bool TryClaim(Entry entry)
    {
        lock (_gate)
        {
            if (_disposed || !_entries.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return false;
            }
            _entries.Remove(entry.Key);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Timer?.Dispose();
            }
            _entries.Clear();
        }
    }

    private sealed class Entry(TKey key, Action<TKey> onDue, TimerSet<TKey> owner)
    {
        public TKey Key { get; } = key;
        public ITimer? Timer { get; set; }

        public void Fire()
        {
            // A timer replaced or cancelled just before it fired must not act.
            if (owner.TryClaim(this))
            {
                Timer?.Dispose();
                onDue(Key);
            }
        }
    }
}
