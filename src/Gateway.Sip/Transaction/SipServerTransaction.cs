using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>A server transaction: the TU answers through <see cref="SendResponse"/>; retransmitted requests never reach it.</summary>
public abstract class SipServerTransaction : SipTransaction
{
    private protected SipServerTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
    }

    /// <summary>The last response sent (re-sent for retransmitted requests).</summary>
    public SipResponse? LastResponse { get; private protected set; }

    /// <summary>Raised when a matching CANCEL arrives while no final response has been sent (the layer already answered it 200).</summary>
    public event Action<SipServerTransaction, SipRequest>? Cancelled;

    public abstract void SendResponse(SipResponse response);

    internal abstract void OnRetransmission(SipRequest request);

    internal bool TryCancel(SipRequest cancel)
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Proceeding or SipTransactionState.Trying)) return false;
            Cancelled?.Invoke(this, cancel);
            return true;
        }
    }
}
