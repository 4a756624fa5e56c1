using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transaction;

/// <summary>A client transaction: the TU hears every response that is not a retransmission.</summary>
public abstract class SipClientTransaction : SipTransaction
{
    private protected SipClientTransaction(SipTransactionKey key, SipRequest request, ISipTransport transport, IPEndPoint remote, SipTimerSettings timers, TimeProvider timeProvider)
        : base(key, request, transport, remote, timers, timeProvider)
    {
    }

    public event Action<SipClientTransaction, SipResponse>? ResponseReceived;

    /// <summary>Whether a provisional response has arrived (CANCEL may only be sent after one, RFC 3261 §9.1).</summary>
    public bool HasProvisionalResponse { get; private protected set; }

    internal abstract void Start();

    internal abstract void OnResponse(SipResponse response);

    private protected void DeliverToUser(SipResponse response) => ResponseReceived?.Invoke(this, response);
}
