using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>
/// Shared plumbing of the four machines: the request, where messages go, timers on <see cref="TimeProvider"/>,
/// sends whose failures become <see cref="SipTransactionEnd.TransportError"/>, and the end notification.
/// All state changes happen under <see cref="Gate"/>.
/// </summary>
public abstract class SipTransaction
{
    private readonly TimeProvider _timeProvider;
    private readonly List<ITimer> _timers = [];
    private int _terminated;

    private protected SipTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
    {
        Key = key;
        Request = request;
        Transport = transport;
        Remote = remote;
        Timers = timers;
        _timeProvider = timeProvider;
    }

    public SipTransactionKey Key { get; }
    public SipRequest Request { get; }
    public ISipTransport Transport { get; }
    public IPEndPoint Remote { get; }
    public SipTransactionState State { get; private set; }

    /// <summary>Raised once when the transaction reaches Terminated.</summary>
    public event Action<SipTransaction, SipTransactionEnd>? Terminated;

    private protected object Gate { get; } = new();
    private protected SipTimerSettings Timers { get; }
    private protected bool Reliable => Transport.IsReliable;

    private protected void SetState(SipTransactionState state) => State = state;

    /// <summary>Starts a one-shot timer whose callback runs under the gate unless the transaction has ended.</summary>
    private protected ITimer StartTimer(TimeSpan due, Action onFire)
    {
        var timer = _timeProvider.CreateTimer(_ =>
        {
            lock (Gate)
            {
                if (State != SipTransactionState.Terminated) onFire();
            }
        }, null, due, Timeout.InfiniteTimeSpan);
        _timers.Add(timer);
        return timer;
    }

    private protected static void Stop(ITimer? timer) => timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Enters a state that ends after <paramref name="wait"/> (immediately when zero, e.g. on TCP).</summary>
    private protected void WaitThenTerminate(SipTransactionState state, TimeSpan wait, SipTransactionEnd end)
    {
        SetState(state);
        if (wait <= TimeSpan.Zero) Terminate(end);
        else StartTimer(wait, () => Terminate(end));
    }

    private protected void Send(SipMessage message)
    {
        ValueTask sending;
        try
        {
            sending = Transport.SendAsync(message, Remote);
        }
        catch (SipTransportException)
        {
            Terminate(SipTransactionEnd.TransportError);
            return;
        }
        if (!sending.IsCompletedSuccessfully) _ = ObserveAsync(sending);
    }

    private async Task ObserveAsync(ValueTask sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipTransportException or OperationCanceledException or ObjectDisposedException)
        {
            lock (Gate) Terminate(SipTransactionEnd.TransportError);
        }
    }

    private protected void Terminate(SipTransactionEnd end)
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 1) return;
        SetState(SipTransactionState.Terminated);
        foreach (var timer in _timers) timer.Dispose();
        _timers.Clear();
        Terminated?.Invoke(this, end);
    }

    internal void Abort()
    {
        lock (Gate) Terminate(SipTransactionEnd.Aborted);
    }
}
