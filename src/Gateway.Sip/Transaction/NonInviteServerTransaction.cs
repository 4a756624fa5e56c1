using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>
/// RFC 3261 §17.2.2: Trying → Proceeding → Completed → Terminated. Retransmitted requests are absorbed in Trying
/// and answered with the last response afterwards; timer J (64·T1 over UDP) keeps the final response for them.
/// </summary>
public sealed class NonInviteServerTransaction : SipServerTransaction
{
    internal NonInviteServerTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
        SetState(SipTransactionState.Trying);
    }

    public override void SendResponse(SipResponse response)
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
                throw new InvalidOperationException($"Cannot send {response.StatusCode} in state {State}.");
            LastResponse = response;
            Send(response);
            if (State == SipTransactionState.Terminated) return;
            if (response.IsProvisional) SetState(SipTransactionState.Proceeding);
            else WaitThenTerminate(SipTransactionState.Completed, Timers.TimerJ(Reliable), SipTransactionEnd.Completed);
        }
    }

    internal override void OnRetransmission(SipRequest request)
    {
        lock (Gate)
        {
            if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null) Send(LastResponse);
        }
    }
}
