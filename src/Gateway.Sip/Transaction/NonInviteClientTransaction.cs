using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>
/// RFC 3261 §17.1.2: Trying → Proceeding → Completed → Terminated. Timer E retransmits over UDP at T1, doubling
/// up to T2 (at T2 once a provisional arrived); timer F (64·T1) ends with Timeout; timer K absorbs retransmissions.
/// </summary>
public sealed class NonInviteClientTransaction : SipClientTransaction
{
    private ITimer? _timerE;
    private ITimer? _timerF;
    private TimeSpan _intervalE;

    internal NonInviteClientTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
    }

    internal override void Start()
    {
        lock (Gate)
        {
            SetState(SipTransactionState.Trying);
            Send(Request);
            if (State == SipTransactionState.Terminated) return;
            if (!Reliable)
            {
                _intervalE = Timers.T1;
                _timerE = StartTimer(_intervalE, Retransmit);
            }
            _timerF = StartTimer(Timers.TransactionTimeout, () => Terminate(SipTransactionEnd.Timeout));
        }
    }

    private void Retransmit()
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding)) return;
        Send(Request);
        _intervalE = State == SipTransactionState.Proceeding ? Timers.T2 : TimeSpan.FromTicks(Math.Min((_intervalE * 2).Ticks, Timers.T2.Ticks));
        _timerE?.Change(_intervalE, Timeout.InfiniteTimeSpan);
    }

    internal override void OnResponse(SipResponse response)
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding)) return; // Completed absorbs
            if (response.IsProvisional)
            {
                SetState(SipTransactionState.Proceeding);
                HasProvisionalResponse = true;
                DeliverToUser(response);
                return;
            }
            Stop(_timerE);
            Stop(_timerF);
            DeliverToUser(response);
            WaitThenTerminate(SipTransactionState.Completed, Timers.TimerK(Reliable), SipTransactionEnd.Completed);
        }
    }
}
