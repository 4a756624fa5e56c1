using System.Net;
using Gateway.Sip.Dialog;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// UAS side of a call: the received INVITE and its offer; the application rings, answers (200 with SDP,
/// retransmitted until the ACK, §13.3.1.4) or rejects. A CANCEL before the answer ends it with 487.
/// </summary>
public sealed class IncomingSession : SipSession
{
    private readonly InviteServerTransaction _transaction;
    private SuccessRetransmitter? _retransmitter;
    private int _finalSent;

    internal IncomingSession(SipUserAgent agent, InviteServerTransaction transaction, SdpSession? offer, SipGateDecision decision)
        : base(agent)
    {
        _transaction = transaction;
        Invite = transaction.Request;
        CallId = Invite.CallId ?? "";
        RemoteSdp = offer;
        Peer = decision.Peer;
        IsTrustedPeer = decision.TrustedIdentity;
        LocalTag = SipTags.NewTag();
        Dialog = SipDialog.CreateAsServer(Invite, LocalTag, transaction.Remote, transaction.Transport, agent.ContactFor(transaction.Transport));
        State = SipSessionState.Early;
        transaction.Cancelled += (_, _) => OnCancelled();
    }

    public SipRequest Invite { get; }
    public string LocalTag { get; }
    public string? Peer { get; }
    /// <summary>The gate let it in as a trunk, whose P-Asserted-Identity counts.</summary>
    public bool IsTrustedPeer { get; }
    public IPEndPoint Source => _transaction.Remote;
    /// <summary>The user part of the Request-URI: the called number.</summary>
    public string CalledNumber => Invite.RequestUri?.UserUnescaped ?? "";
    public string CallerUri => Invite.From?.Uri.ToString() ?? "";

    /// <summary>CANCEL arrived before the final response (487 already sent).</summary>
    public event Action<IncomingSession>? Cancelled;

    public void Ring(int statusCode = 180, string reason = "Ringing")
    {
        if (Volatile.Read(ref _finalSent) == 1) return;
        var response = Agent.CreateResponse(Invite, statusCode, reason, LocalTag);
        TrySend(response);
    }

    /// <summary>Sends 200 with our answer; the session is confirmed when the ACK arrives.</summary>
    public bool Answer(SdpSession answer)
    {
        if (Interlocked.Exchange(ref _finalSent, 1) == 1 || Dialog is not { } dialog) return false;
        LocalSdp = answer;
        var response = Agent.CreateResponse(Invite, 200, "OK", LocalTag);
        var agreed = Agent.AgreeSessionTimer(Invite);
        if (agreed is { } value)
        {
            response.Headers.Add(SipHeaderId.SessionExpires, value.ToString());
            response.Headers.Add(SipHeaderId.Require, "timer");
        }
        response.SetBody(SdpSerializer.ToBytes(answer), "application/sdp");
        Agent.Register(dialog.Id, this);
        if (!TrySend(response)) return false;
        _retransmitter = new SuccessRetransmitter(_transaction, response, Agent.Options.Timers, Agent.Time,
            () => HangUp(new SipSessionEnd(SipSessionEndKind.AckTimeout, 408, "ACK timeout")));
        State = SipSessionState.Confirmed;
        StartSessionTimer(agreed, weAreUas: true);
        return true;
    }

    public void Reject(int statusCode, string reason, params (string Name, string Value)[] headers)
    {
        if (Interlocked.Exchange(ref _finalSent, 1) == 1) return;
        TrySend(Agent.CreateResponse(Invite, statusCode, reason, LocalTag, headers));
        Finish(new SipSessionEnd(SipSessionEndKind.Rejected, statusCode, reason));
    }

    /// <summary>Number of 2xx retransmissions so far (tests and diagnostics).</summary>
    public int AnswerRetransmissions => _retransmitter?.Retransmissions ?? 0;

    internal override void OnAck(SipRequest ack)
    {
        if (_retransmitter?.Acknowledge() == true) Dialog?.Confirm();
    }

    private void OnCancelled()
    {
        if (Interlocked.Exchange(ref _finalSent, 1) == 1) return;
        TrySend(Agent.CreateResponse(Invite, 487, "Request Terminated", LocalTag));
        Finish(new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Cancelled by caller"));
        Cancelled?.Invoke(this);
    }

    private bool TrySend(SipResponse response)
    {
        try
        {
            _transaction.SendResponse(response);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private protected override void OnFinished() => _retransmitter?.Dispose();
}
