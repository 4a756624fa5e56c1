using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>
/// RFC 3261 §17.1.1 (with RFC 6026 Accepted): Calling → Proceeding → Completed / Accepted → Terminated.
/// Timer A retransmits over UDP at T1, 2·T1, 4·T1…; timer B (64·T1) ends with Timeout while still Calling (a callee
/// that rings longer is the TU's to give up on, by CANCEL); a non-2xx final gets its
/// ACK from here and timer D absorbs its retransmissions; 2xx responses go to the TU, which ACKs them itself.
/// </summary>
public sealed class InviteClientTransaction : SipClientTransaction
{
    private ITimer? _timerA;
    private ITimer? _timerB;
    private TimeSpan _intervalA;
    private SipRequest? _ack;

    internal InviteClientTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
    }

    internal override void Start()
    {
        lock (Gate)
        {
            SetState(SipTransactionState.Calling);
            Send(Request);
            if (State == SipTransactionState.Terminated) return;
            if (!Reliable)
            {
                _intervalA = Timers.T1;
                _timerA = StartTimer(_intervalA, RetransmitInvite);
            }
            _timerB = StartTimer(Timers.TransactionTimeout, () => Terminate(SipTransactionEnd.Timeout));
        }
    }

    private void RetransmitInvite()
    {
        if (State != SipTransactionState.Calling) return;
        Send(Request);
        _intervalA *= 2;
        _timerA?.Change(_intervalA, Timeout.InfiniteTimeSpan);
    }

    internal override void OnResponse(SipResponse response)
    {
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Calling or SipTransactionState.Proceeding when response.IsProvisional:
                    Stop(_timerA);
                    Stop(_timerB);
                    SetState(SipTransactionState.Proceeding);
                    HasProvisionalResponse = true;
                    DeliverToUser(response);
                    break;
                case SipTransactionState.Calling or SipTransactionState.Proceeding when response.StatusCode < 300:
                    Stop(_timerA);
                    Stop(_timerB);
                    DeliverToUser(response);
                    WaitThenTerminate(SipTransactionState.Accepted, Timers.TransactionTimeout, SipTransactionEnd.Completed);
                    break;
                case SipTransactionState.Calling or SipTransactionState.Proceeding:
                    Stop(_timerA);
                    Stop(_timerB);
                    _ack = SipTransactionRequests.CreateAck(Request, response);
                    Send(_ack);
                    DeliverToUser(response);
                    if (State != SipTransactionState.Terminated) WaitThenTerminate(SipTransactionState.Completed, Timers.TimerD(Reliable), SipTransactionEnd.Completed);
                    break;
                case SipTransactionState.Accepted when response.StatusCode is >= 200 and < 300:
                    // RFC 6026: 2xx retransmissions (or forked 2xx) go to the TU so it can ACK them.
                    DeliverToUser(response);
                    break;
                case SipTransactionState.Completed when response.StatusCode >= 300:
                    Send(_ack!);
                    break;
            }
        }
    }
}
