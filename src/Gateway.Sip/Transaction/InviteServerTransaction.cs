using System.Net;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>
/// RFC 3261 §17.2.1 (with RFC 6026 Accepted): Proceeding → Completed → Confirmed → Terminated, or
/// Proceeding → Accepted → Terminated on 2xx. Sends 100 Trying at once; INVITE retransmissions re-send the last
/// response; timer G retransmits a non-2xx final over UDP (T1 doubling to T2); timer H (64·T1) ends with Timeout
/// when no ACK comes; timer I absorbs ACK retransmissions.
/// </summary>
public sealed class InviteServerTransaction : SipServerTransaction
{
    private ITimer? _timerG;
    private ITimer? _timerH;
    private TimeSpan _intervalG;

    internal InviteServerTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
    }

    /// <summary>Raised when the ACK for our non-2xx final response arrives.</summary>
    public event Action<InviteServerTransaction, SipRequest>? AckReceived;

    internal void Start(bool sendTrying)
    {
        lock (Gate)
        {
            SetState(SipTransactionState.Proceeding);
            if (sendTrying) SendResponse(SipResponseFactory.Create(Request, 100, "Trying"));
        }
    }

    public override void SendResponse(SipResponse response)
    {
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Proceeding when response.IsProvisional:
                    LastResponse = response;
                    Send(response);
                    break;
                case SipTransactionState.Proceeding when response.StatusCode < 300:
                    LastResponse = response;
                    Send(response);
                    if (State != SipTransactionState.Terminated) WaitThenTerminate(SipTransactionState.Accepted, Timers.TransactionTimeout, SipTransactionEnd.Completed);
                    break;
                case SipTransactionState.Proceeding:
                    LastResponse = response;
                    Send(response);
                    if (State == SipTransactionState.Terminated) return;
                    SetState(SipTransactionState.Completed);
                    if (!Reliable)
                    {
                        _intervalG = Timers.T1;
                        _timerG = StartTimer(_intervalG, RetransmitFinal);
                    }
                    _timerH = StartTimer(Timers.TransactionTimeout, () => Terminate(SipTransactionEnd.Timeout));
                    break;
                case SipTransactionState.Accepted when response.StatusCode is >= 200 and < 300:
                    // The TU retransmits its 2xx until the ACK comes (RFC 3261 §13.3.1.4).
                    Send(response);
                    break;
                default:
                    throw new InvalidOperationException($"Cannot send {response.StatusCode} in state {State}.");
            }
        }
    }

    private void RetransmitFinal()
    {
        if (State != SipTransactionState.Completed) return;
        Send(LastResponse!);
        _intervalG = TimeSpan.FromTicks(Math.Min((_intervalG * 2).Ticks, Timers.T2.Ticks));
        _timerG?.Change(_intervalG, Timeout.InfiniteTimeSpan);
    }

    internal override void OnRetransmission(SipRequest request)
    {
        lock (Gate)
        {
            if (request.Method == SipMethods.Ack)
            {
                if (State != SipTransactionState.Completed) return; // ACK retransmissions in Confirmed are absorbed
                Stop(_timerG);
                Stop(_timerH);
                AckReceived?.Invoke(this, request);
                WaitThenTerminate(SipTransactionState.Confirmed, Timers.TimerI(Reliable), SipTransactionEnd.Completed);
                return;
            }
            if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null) Send(LastResponse);
        }
    }
}
