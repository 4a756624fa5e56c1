using Gateway.Sip.Message;
using Gateway.Sip.Transaction;

namespace Gateway.Sip.Dialog;

/// <summary>
/// RFC 3261 §13.3.1.4: the UAS core re-sends its 2xx to an INVITE at T1, doubling up to T2, until the ACK arrives;
/// if none arrives within 64·T1 the session is given up (the caller then sends BYE). Over TCP the transport is
/// reliable, so only the give-up timer runs.
/// </summary>
public sealed class SuccessRetransmitter : IDisposable
{
    private readonly SipServerTransaction _transaction;
    private readonly SipResponse _response;
    private readonly SipTimerSettings _timers;
    private readonly Action _ackTimedOut;
    private readonly ITimer _retransmit;
    private readonly ITimer _giveUp;
    private TimeSpan _interval;
    private int _finished;

    public SuccessRetransmitter(SipServerTransaction transaction, SipResponse response, SipTimerSettings timers, TimeProvider time, Action ackTimedOut)
    {
        _transaction = transaction;
        _response = response;
        _timers = timers;
        _ackTimedOut = ackTimedOut;
        _interval = timers.T1;
        _retransmit = time.CreateTimer(_ => Retransmit(), null, transaction.Transport.IsReliable ? Timeout.InfiniteTimeSpan : _interval, Timeout.InfiniteTimeSpan);
        _giveUp = time.CreateTimer(_ => GiveUp(), null, timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
    }

    public int Retransmissions { get; private set; }

    /// <summary>The ACK arrived: stop. Returns false when it came too late (already given up or acknowledged).</summary>
    public bool Acknowledge()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return false;
        Dispose();
        return true;
    }

    private void Retransmit()
    {
        if (Volatile.Read(ref _finished) == 1) return;
        try
        {
            _transaction.SendResponse(_response);
        }
        catch (InvalidOperationException)
        {
            // The transaction ended (e.g. transport error): the give-up timer still ends the session.
        }
        Retransmissions++;
        _interval = TimeSpan.FromTicks(Math.Min((_interval * 2).Ticks, _timers.T2.Ticks));
        _retransmit.Change(_interval, Timeout.InfiniteTimeSpan);
    }

    private void GiveUp()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        Dispose();
        _ackTimedOut();
    }

    public void Dispose()
    {
        _retransmit.Dispose();
        _giveUp.Dispose();
    }
}
