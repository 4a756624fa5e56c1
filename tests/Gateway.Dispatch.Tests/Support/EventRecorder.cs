using System.Collections.Concurrent;
using Gateway.Dispatch.Events;

namespace Gateway.Dispatch.Tests.Support;

/// <summary>Collects committed events and lets a test await one that matches.</summary>
public sealed class EventRecorder : IDispatchEventObserver
{
    private readonly Lock _gate = new();
    private readonly List<DispatchEvent> _events = [];
    private readonly List<(Func<DispatchEvent, bool> Match, TaskCompletionSource<DispatchEvent> Done)> _waiters = [];

    public IReadOnlyList<DispatchEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void OnCommitted(IReadOnlyList<DispatchEvent> events)
    {
        lock (_gate)
        {
            foreach (var entry in events)
            {
                _events.Add(entry);
                foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
                {
                    waiter.Done.TrySetResult(entry);
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    public Task<DispatchEvent> WaitForAsync(Func<DispatchEvent, bool> match)
    {
        lock (_gate)
        {
            var seen = _events.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }
            var done = new TaskCompletionSource<DispatchEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public Task<DispatchEvent> WaitForAsync<T>(Func<T, bool>? match = null) where T : DispatchEventBody =>
        WaitForAsync(e => e.Body is T body && (match is null || match(body)));
}
