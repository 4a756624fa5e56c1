namespace Gateway.Dispatch.Events;

/// <summary>Fans committed events out to the observers; an observer that throws is not allowed to stop the others.</summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private IDispatchEventObserver[] _observers = [];

    public IDisposable Subscribe(IDispatchEventObserver observer)
    {
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }
        return new Subscription(this, observer);
    }

    internal void Publish(IReadOnlyList<DispatchEvent> events, Action<Exception> onObserverError)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnCommitted(events);
            }
            catch (Exception ex)
            {
                onObserverError(ex);
            }
        }
    }

    private void Unsubscribe(IDispatchEventObserver observer)
    {
        lock (_gate)
        {
            _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
        }
    }

    private sealed class Subscription(EventHub hub, IDispatchEventObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Unsubscribe(observer);
            }
        }
    }
}
