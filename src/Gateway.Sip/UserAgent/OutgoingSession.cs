using System.Globalization;
using Gateway.Sip.Dialog;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// UAC side of a call: sends the INVITE, reports provisional and final answers, ACKs every 2xx end to end
/// (§13.2.2.4, including retransmissions), and cancels (§9.1) — waiting for a provisional if none came yet.
/// </summary>
public sealed class OutgoingSession : SipSession
{
    private readonly ISipTransport _transport;
    private readonly OutgoingCallRequest _call;
    private InviteClientTransaction? _transaction;
    private SipRequest? _ack;
    private int _answered;
    private int _cancelRequested;
    private int _cancelSent;
    private int _authenticated;
    private readonly object _earlyGate = new();
    private SipDialog? _earlyDialog;
    private long _lastRSeq = -1;

    internal OutgoingSession(SipUserAgent agent, OutgoingCallRequest call, ISipTransport transport)
        : base(agent)
    {
        _call = call;
        _transport = transport;
        CallId = SipTags.NewCallId(call.FromHost);
        LocalTag = SipTags.NewTag();
        Invite = BuildInvite();
        LocalSdp = call.Offer;
    }

    /// <summary>The INVITE in force (the authenticated retry once a challenge was answered).</summary>
    public SipRequest Invite { get; private set; }
    public string LocalTag { get; }

    public event Action<OutgoingSession, SipResponse>? Progress;
    public event Action<OutgoingSession, SipResponse, SdpAnswerResult?>? Answered;
    public event Action<OutgoingSession, SipSessionEnd>? Failed;

    internal void Start()
    {
        State = SipSessionState.Early;
        Send(Invite);
    }

    private void Send(SipRequest invite)
    {
        _transaction = (InviteClientTransaction)Agent.Layer.SendRequest(invite, _transport, _call.Destination, (_, response) => OnResponse(response), (_, end) =>
        {
            if (end is SipTransactionEnd.Timeout or SipTransactionEnd.TransportError && Volatile.Read(ref _answered) == 0)
                Fail(new SipSessionEnd(SipSessionEndKind.Failed, 408, end == SipTransactionEnd.Timeout ? "Request Timeout" : "Transport error"));
        });
    }

    /// <summary>Cancels the call before it is answered; after an answer it hangs up instead.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _cancelRequested, 1) == 1) return;
        if (Volatile.Read(ref _answered) == 1)
        {
            HangUp(new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Cancelled"));
            return;
        }
        TrySendCancel();
    }

    private void TrySendCancel()
    {
        if (_transaction is not { HasProvisionalResponse: true } transaction) return;
        if (Interlocked.Exchange(ref _cancelSent, 1) == 1) return;
        try
        {
            Agent.Layer.SendCancel(transaction);
        }
        catch (InvalidOperationException)
        {
            // The final response won the race; OnResponse handles it.
        }
    }

    private void OnResponse(SipResponse response)
    {
        if (response.IsProvisional)
        {
            if (Volatile.Read(ref _cancelRequested) == 1) TrySendCancel();
            if (response.StatusCode > 100 && IsNewProvisional(response)) Progress?.Invoke(this, response);
            return;
        }
        if (response.StatusCode is 401 or 407 && TryRetryWithCredentials(response)) return;
        if (response.StatusCode >= 300)
        {
            var kind = Volatile.Read(ref _cancelRequested) == 1 ? SipSessionEndKind.Cancelled : SipSessionEndKind.Rejected;
            Fail(new SipSessionEnd(kind, response.StatusCode, response.ReasonPhrase));
            return;
        }
        On2xx(response);
    }

    /// <summary>One authenticated retry per call (RFC 3261 §22.2), unless the caller already gave up.</summary>
    private bool TryRetryWithCredentials(SipResponse challenge)
    {
        if (Volatile.Read(ref _cancelRequested) == 1 || Agent.ChallengeResponder is not { } responder) return false;
        if (Interlocked.Exchange(ref _authenticated, 1) == 1) return false;
        if (responder.CreateAuthenticatedRetry(Invite, challenge, _call.Destination) is not { } retry) return false;
        Invite = retry;
        Send(retry);
        return true;
    }

    /// <summary>
    /// RFC 3262 §4: a reliable provisional (Require: 100rel with RSeq) is PRACKed in its early dialog, once per RSeq;
    /// its retransmissions are not reported again.
    /// </summary>
    private bool IsNewProvisional(SipResponse response)
    {
        var reliable = response.Headers.GetValues(SipHeaderId.Require).ToTextList().Any(t => t.Trim().Equals("100rel", StringComparison.OrdinalIgnoreCase));
        if (!reliable || !long.TryParse(response.Headers.GetFirstText(SipHeaderId.RSeq), NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)) return true;
        SipDialog? dialog;
        lock (_earlyGate)
        {
            if (rseq <= _lastRSeq) return false;
            _lastRSeq = rseq;
            _earlyDialog ??= SipDialog.CreateAsClient(Invite, response, _call.Destination, _transport, Agent.ContactFor(_transport));
            dialog = _earlyDialog;
        }
        if (dialog is null) return true;
        var prack = dialog.CreateRequest(SipMethods.Prack);
        prack.Headers.Add(SipHeaderId.RAck, $"{rseq} {Invite.CSeq!.Value.Number} {SipMethods.Invite}");
        Agent.SendInDialog(prack, dialog);
        return true;
    }

    /// <summary>Every 2xx is ACKed; only the first establishes the session.</summary>
    internal void On2xx(SipResponse response)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 1)
        {
            if (_ack is { } ack && Dialog is { } existing) Agent.SendAck(ack, existing);
            return;
        }
        var dialog = SipDialog.CreateAsClient(Invite, response, _call.Destination, _transport, Agent.ContactFor(_transport));
        if (dialog is null)
        {
            Fail(new SipSessionEnd(SipSessionEndKind.Failed, 502, "Bad 2xx"));
            return;
        }
        dialog.Confirm();
        // Requests already sent in the early dialog (PRACK) used CSeq numbers the confirmed dialog must go past.
        if (_earlyDialog is { } early) dialog.ContinueLocalSequence(early.LocalSequence);
        Dialog = dialog;
        Agent.Register(dialog.Id, this);
        _ack = dialog.CreateAck(Invite.CSeq!.Value.Number);
        Agent.SendAck(_ack, dialog);
        State = SipSessionState.Confirmed;

        SdpAnswerResult? media = null;
        if (!response.Body.IsEmpty && SdpParser.TryParse(response.Body.Span, out var answer) == SdpParseError.None)
        {
            RemoteSdp = answer;
            media = Agent.Negotiator.ReadAnswer(_call.Offer, answer);
        }
        if (SessionExpires.From(response) is { } agreed) StartSessionTimer(agreed with { Refresher = agreed.Refresher ?? "uac" }, weAreUas: false);

        if (Volatile.Read(ref _cancelRequested) == 1)
        {
            HangUp(new SipSessionEnd(SipSessionEndKind.Cancelled, 487, "Cancelled"));
            return;
        }
        Answered?.Invoke(this, response, media);
    }

    internal override void OnAck(SipRequest ack)
    {
        // We are the UAC: ACKs come from us, not to us.
    }

    private void Fail(SipSessionEnd end)
    {
        if (State == SipSessionState.Terminated) return;
        Failed?.Invoke(this, end);
        Finish(end);
    }

    private SipRequest BuildInvite()
    {
        var local = _transport.LocalEndPoint;
        var headers = new SipHeaderCollection(16);
        var protocol = _transport.Protocol.ToString().ToUpperInvariant();
        headers.Add(SipHeaderId.Via, $"SIP/2.0/{protocol} {SipDialog.HostPort(local)};branch={SipBranch.New()};rport");
        headers.Add(SipHeaderId.MaxForwards, "70");
        var display = _call.FromDisplayName is { } name ? SipQuoting.Quote(name) + " " : "";
        headers.Add(SipHeaderId.From, $"{display}<sip:{_call.FromUser}@{_call.FromHost}>;tag={LocalTag}");
        headers.Add(SipHeaderId.To, $"<{_call.Target}>");
        headers.Add(SipHeaderId.CallId, CallId);
        headers.Add(SipHeaderId.CSeq, "1 INVITE");
        headers.Add(SipHeaderId.Contact, Agent.ContactFor(_transport));
        headers.Add(SipHeaderId.Allow, SipUserAgentOptions.AllowedMethods);
        headers.Add(SipHeaderId.Supported, "timer, 100rel");
        headers.Add(SipHeaderId.SessionExpires, ((int)Agent.Options.SessionExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        headers.Add(SipHeaderId.MinSE, ((int)Agent.Options.MinSessionExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        headers.Add(SipHeaderId.UserAgent, Agent.Options.Product);
        foreach (var (headerName, value) in _call.Headers) headers.Add(headerName, value);
        var invite = new SipRequest(SipMethods.Invite, _call.Target, headers);
        invite.SetBody(SdpSerializer.ToBytes(_call.Offer), "application/sdp");
        return invite;
    }
}
