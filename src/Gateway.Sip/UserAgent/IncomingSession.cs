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
    private readonly object _ringGate = new();
    private ReliableProvisional? _reliable;
    private long _nextRSeq = Random.Shared.Next(1, 1 << 20);
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

    /// <summary>The caller takes reliable provisionals (RFC 3262: Supported or Require 100rel).</summary>
    public bool WantsReliableProvisionals => HasOptionTag(Invite, SipHeaderId.Supported, "100rel") || HasOptionTag(Invite, SipHeaderId.Require, "100rel");

    /// <summary>Reliable provisionals re-sent so far (tests and diagnostics).</summary>
    public int ProvisionalRetransmissions => _reliable?.Retransmissions ?? 0;

    /// <summary>
    /// Sends 18x; reliably (Require: 100rel, RSeq, re-sent until PRACK) when the caller supports it. While one reliable
    /// provisional waits for its PRACK, further ones are not sent (RFC 3262 §3). With <paramref name="earlyAnswer"/> it
    /// carries our SDP answer (183 Session Progress for early media); the 200 must then carry the same answer.
    /// </summary>
    public void Ring(int statusCode = 180, string reason = "Ringing", SdpSession? earlyAnswer = null)
    {
        if (Volatile.Read(ref _finalSent) == 1) return;
        var response = Agent.CreateResponse(Invite, statusCode, reason, LocalTag);
        if (earlyAnswer is not null)
        {
            response.SetBody(SdpSerializer.ToBytes(earlyAnswer), "application/sdp");
            LocalSdp = earlyAnswer;
        }
        if (statusCode == 100 || !WantsReliableProvisionals || Dialog is not { } dialog)
        {
            TrySend(response);
            return;
        }
        lock (_ringGate)
        {
            if (_reliable is { IsPending: true }) return;
            var rseq = _nextRSeq++;
            response.Headers.Add(SipHeaderId.Require, "100rel");
            response.Headers.Add(SipHeaderId.RSeq, rseq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // The early dialog takes the PRACK.
            Agent.Register(dialog.Id, this);
            _reliable = new ReliableProvisional(_transaction, response, rseq, Agent.Options.Timers, Agent.Time);
        }
        if (!TrySend(response)) _reliable.Stop();
    }

    private protected override bool AcceptPrack(SipRequest prack) => _reliable?.TryAcknowledge(prack) == true;

    private static bool HasOptionTag(SipRequest request, SipHeaderId header, string tag) =>
        request.Headers.GetValues(header).ToTextList().Any(t => t.Trim().Equals(tag, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sends 200 with our answer; the session is confirmed when the ACK arrives.</summary>
    public bool Answer(SdpSession answer)
    {
        if (Interlocked.Exchange(ref _finalSent, 1) == 1 || Dialog is not { } dialog) return false;
        _reliable?.Stop();
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

    private protected override void OnFinished()
    {
        _retransmitter?.Dispose();
        _reliable?.Dispose();
    }
}
