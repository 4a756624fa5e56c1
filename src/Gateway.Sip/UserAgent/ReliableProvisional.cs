using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Transaction;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// RFC 3262 §3 on the UAS side: one reliable provisional response at a time, re-sent at T1, 2·T1, 4·T1… until the
/// PRACK naming its RSeq arrives, the final response goes out, or 64·T1 pass.
/// </summary>
internal sealed class ReliableProvisional : IDisposable
{
    private readonly SipServerTransaction _transaction;
    private readonly SipResponse _response;
    private readonly ITimer _retransmit;
    private readonly long _giveUpAt;
    private readonly TimeProvider _time;
    private TimeSpan _interval;
    private int _finished;

    public ReliableProvisional(SipServerTransaction transaction, SipResponse response, long rseq, SipTimerSettings timers, TimeProvider time)
    {
        _transaction = transaction;
        _response = response;
        RSeq = rseq;
        _time = time;
        _interval = timers.T1;
        _giveUpAt = time.GetTimestamp() + (long)(timers.TransactionTimeout.TotalSeconds * time.TimestampFrequency);
        _retransmit = time.CreateTimer(_ => Retransmit(), null, transaction.Transport.IsReliable ? Timeout.InfiniteTimeSpan : _interval, Timeout.InfiniteTimeSpan);
    }

    public long RSeq { get; }
    public int Retransmissions { get; private set; }
    public bool IsPending => Volatile.Read(ref _finished) == 0;

    /// <summary>RFC 3262 §7.2: RAck = "RSeq CSeq-number Method" of the response being acknowledged.</summary>
    public bool TryAcknowledge(SipRequest prack)
    {
        var rack = prack.Headers.GetFirstText(SipHeaderId.RAck)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rack is not { Length: 3 } || !long.TryParse(rack[0], out var rseq) || rseq != RSeq || !long.TryParse(rack[1], out var cseq)
            || cseq != _response.CSeq?.Number || !rack[2].Equals(_response.CSeq?.Method, StringComparison.Ordinal)) return false;
        Stop();
        return true;
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) _retransmit.Dispose();
    }

    private void Retransmit()
    {
        if (!IsPending) return;
        if (_time.GetTimestamp() >= _giveUpAt)
        {
            Stop();
            return;
        }
        try
        {
            _transaction.SendResponse(_response);
        }
        catch (InvalidOperationException)
        {
            Stop(); // the INVITE got its final response meanwhile
            return;
        }
        Retransmissions++;
        _interval *= 2;
        _retransmit.Change(_interval, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => Stop();
}
