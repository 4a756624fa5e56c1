using Gateway.Sip.Dialog;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// An INVITE dialog usage (one call leg): in-dialog request handling shared by both directions — BYE, re-INVITE and
/// UPDATE (hold, session refresh, 491 glare), INFO, OPTIONS, PRACK, NOTIFY, REFER — session timers and hang-up.
/// </summary>
public abstract class SipSession
{
    private readonly SessionRefreshTimer _refresh;
    private int _ended;
    private int _reinviteInProgress;
    private readonly object _reofferGate = new();
    private bool _reofferPending;
    private SdpSession? _queuedReoffer;
    private SipRequest? _byeAfterReoffer;

    private protected SipSession(SipUserAgent agent)
    {
        Agent = agent;
        _refresh = new SessionRefreshTimer(agent.Time, () => SendRefresh(), () => HangUp(new SipSessionEnd(SipSessionEndKind.SessionExpired, 408, "Session expired")));
    }

    private protected SipUserAgent Agent { get; }
    private protected ILogger Logger => Agent.Logger;

    public SipDialog? Dialog { get; private protected set; }
    public SipSessionState State { get; private protected set; }
    public string CallId { get; private protected init; } = "";
    /// <summary>Our last SDP (offer or answer) and the peer's.</summary>
    public SdpSession? LocalSdp { get; private protected set; }
    public SdpSession? RemoteSdp { get; private protected set; }
    public SipSessionEnd? End { get; private set; }
    public TimeSpan? SessionInterval => _refresh.Interval == TimeSpan.Zero ? null : _refresh.Interval;
    public bool WeRefreshSession => _refresh.WeRefresh;

    /// <summary>The session is over (each session raises it once).</summary>
    public event Action<SipSession, SipSessionEnd>? Ended;

    /// <summary>The peer changed the media (re-INVITE or UPDATE with SDP; hold when IsHold).</summary>
    public event Action<SipSession, SdpAnswerResult>? RemoteMediaChanged;

    /// <summary>An INFO body arrived (e.g. application/dtmf-relay).</summary>
    public event Action<SipSession, SipRequest>? InfoReceived;

    /// <summary>
    /// Sends BYE (with a Reason header) and ends the session; the BYE's answer is not awaited. While a re-INVITE of ours
    /// is open the BYE waits for its final response, so its 2xx is ACKed first: a peer that answered the re-INVITE
    /// expects the ACK, and a BYE overtaking it is a protocol error there (seen with SIPp under load).
    /// </summary>
    public void HangUp(SipSessionEnd? why = null)
    {
        var end = why ?? SipSessionEnd.LocalBye();
        if (Dialog is { } dialog && State == SipSessionState.Confirmed && Volatile.Read(ref _ended) == 0)
        {
            var bye = dialog.CreateRequest(SipMethods.Bye);
            bye.Headers.Add(SipHeaderId.Reason, $"SIP;cause={end.StatusCode};text=\"{end.Reason}\"");
            bool afterReoffer;
            lock (_reofferGate)
            {
                afterReoffer = _reofferPending;
                if (afterReoffer)
                {
                    _byeAfterReoffer = bye;
                    _queuedReoffer = null;
                }
            }
            if (!afterReoffer) Agent.SendInDialog(bye, dialog);
        }
        Finish(end);
    }

    /// <summary>
    /// Sends a re-INVITE offering <paramref name="offer"/> (e.g. a hold passed through from the other leg of a call) and
    /// ACKs its 2xx. One offer at a time (RFC 3264 §4): a newer one waits for the pending one and replaces older waiters.
    /// </summary>
    public void Reoffer(SdpSession offer)
    {
        lock (_reofferGate)
        {
            if (_reofferPending)
            {
                _queuedReoffer = offer;
                return;
            }
            _reofferPending = true;
        }
        SendReoffer(offer);
    }

    private void SendReoffer(SdpSession offer)
    {
        if (Dialog is not { } dialog || State != SipSessionState.Confirmed)
        {
            lock (_reofferGate) _reofferPending = false;
            return;
        }
        var invite = dialog.CreateRequest(SipMethods.Invite);
        invite.SetBody(SdpSerializer.ToBytes(offer), "application/sdp");
        LocalSdp = offer;
        var sequence = invite.CSeq!.Value.Number;
        SipRequest? ack = null;
        var completed = 0;
        Agent.SendInDialog(invite, dialog, response =>
        {
            if (response.IsProvisional) return;
            if (response.StatusCode is >= 200 and < 300)
            {
                // Every 2xx (retransmissions too) gets the same ACK, end to end (§13.2.2.4).
                ack ??= dialog.CreateAck(sequence);
                Agent.SendAck(ack, dialog);
                if (!response.Body.IsEmpty && SdpParser.TryParse(response.Body.Span, out var answer) == SdpParseError.None) RemoteSdp = answer;
            }
            if (Interlocked.Exchange(ref completed, 1) == 0) ReofferDone();
        }, _ =>
        {
            // No final response at all (timeout, transport error): let a waiting offer go.
            if (Interlocked.Exchange(ref completed, 1) == 0) ReofferDone();
        });
    }

    private void ReofferDone()
    {
        SdpSession? next;
        SipRequest? bye;
        lock (_reofferGate)
        {
            bye = _byeAfterReoffer;
            _byeAfterReoffer = null;
            next = bye is null ? _queuedReoffer : null;
            _queuedReoffer = null;
            _reofferPending = next is not null;
        }
        if (bye is not null && Dialog is { } dialog) Agent.SendInDialog(bye, dialog);
        else if (next is not null) SendReoffer(next);
    }

    private protected void Finish(SipSessionEnd end)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        State = SipSessionState.Terminated;
        End = end;
        _refresh.Dispose();
        OnFinished();
        if (Dialog is { } dialog) Agent.Unregister(dialog.Id, this);
        Ended?.Invoke(this, end);
    }

    private protected virtual void OnFinished()
    {
    }

    internal abstract void OnAck(SipRequest ack);

    /// <summary>Whether a PRACK acknowledges a reliable provisional we sent (only the UAS side sends them).</summary>
    private protected virtual bool AcceptPrack(SipRequest prack) => false;

    /// <summary>Starts the RFC 4028 timer once the session is established.</summary>
    private protected void StartSessionTimer(SessionExpires? agreed, bool weAreUas)
    {
        if (agreed is not { } value) return;
        var weRefresh = value.Refresher == (weAreUas ? "uas" : "uac");
        _refresh.Restart(TimeSpan.FromSeconds(value.Seconds), weRefresh);
    }

    internal void OnRequest(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (Dialog is not { } dialog || request.CSeq is not { } cseq)
        {
            Agent.Respond(transaction, 481, "Call/Transaction Does Not Exist");
            return;
        }
        if (!dialog.TryAcceptRemoteSequence(cseq.Number))
        {
            Agent.Respond(transaction, 500, "Server Internal Error", ("Retry-After", "1"));
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Bye:
                Agent.Respond(transaction, 200, "OK");
                Finish(SipSessionEnd.RemoteBye(ReasonText(request) ?? "Normal"));
                break;
            case SipMethods.Invite:
                OnReinvite((InviteServerTransaction)transaction, dialog);
                break;
            case SipMethods.Update:
                OnUpdate(transaction, dialog);
                break;
            case SipMethods.Info:
                Agent.Respond(transaction, 200, "OK");
                InfoReceived?.Invoke(this, request);
                break;
            case SipMethods.Prack:
                // RFC 3262 §3: a PRACK that matches no reliable provisional of ours is 481.
                if (AcceptPrack(request)) Agent.Respond(transaction, 200, "OK");
                else Agent.Respond(transaction, 481, "Call/Transaction Does Not Exist");
                break;
            case SipMethods.Options or SipMethods.Notify:
                Agent.Respond(transaction, 200, "OK");
                break;
            case SipMethods.Refer:
                OnRefer(transaction, request);
                break;
            default:
                Agent.Respond(transaction, 501, "Not Implemented");
                break;
        }
    }

    /// <summary>
    /// Set by a call that can carry out a blind transfer (REFER, RFC 3515) for this leg: it is given the Refer-To URI after
    /// the 202 and reports progress through <see cref="NotifyTransferProgress"/>; false declines. Without one REFER gets 603.
    /// </summary>
    public Func<SipSession, SipUri, bool>? TransferHandler { get; set; }

    private void OnRefer(SipServerTransaction transaction, SipRequest request)
    {
        if (TransferHandler is not { } handler)
        {
            // Many trunks refuse REFER; the gateway transfers by bridging instead (ARCHITECTURE §4).
            Agent.Respond(transaction, 603, "Decline");
            return;
        }
        var referTo = request.Headers.GetValues(SipHeaderId.ReferTo).First();
        if (referTo.IsEmpty || !NameAddress.TryParse(referTo.Span, out var target))
        {
            Agent.Respond(transaction, 400, "Bad Refer-To");
            return;
        }
        Agent.Respond(transaction, 202, "Accepted");
        // RFC 3515 §2.4.4: the implicit subscription starts with a NOTIFY at once.
        NotifyTransferProgress(100, "Trying", final: false);
        if (!handler(this, target.Uri)) NotifyTransferProgress(603, "Declined", final: true);
    }

    /// <summary>
    /// A NOTIFY of the refer subscription with the new call's status as message/sipfrag (RFC 3515 §2.4.5);
    /// <paramref name="delivered"/> runs once the NOTIFY is answered or has failed.
    /// </summary>
    public void NotifyTransferProgress(int statusCode, string reason, bool final, Action? delivered = null)
    {
        if (Dialog is not { } dialog || State != SipSessionState.Confirmed)
        {
            delivered?.Invoke();
            return;
        }
        var notify = dialog.CreateRequest(SipMethods.Notify);
        notify.Headers.Add(SipHeaderId.Event, "refer");
        notify.Headers.Add("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
        notify.SetBody(System.Text.Encoding.ASCII.GetBytes($"SIP/2.0 {statusCode} {reason}\r\n"), "message/sipfrag;version=2.0");
        var done = 0;
        void Delivered()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) delivered?.Invoke();
        }
        Agent.SendInDialog(notify, dialog, response =>
        {
            if (!response.IsProvisional) Delivered();
        }, _ => Delivered());
    }

    private void OnReinvite(InviteServerTransaction transaction, SipDialog dialog)
    {
        // RFC 3261 §14.2: a second re-INVITE while one is still being answered is glare.
        if (Interlocked.Exchange(ref _reinviteInProgress, 1) == 1)
        {
            Agent.Respond(transaction, 491, "Request Pending");
            return;
        }
        try
        {
            AnswerReinvite(transaction, dialog);
        }
        finally
        {
            Volatile.Write(ref _reinviteInProgress, 0);
        }
    }

    private void AnswerReinvite(InviteServerTransaction transaction, SipDialog dialog)
    {
        var request = transaction.Request;
        if (!TryAnswerOffer(request, out var answer, out var failure))
        {
            Agent.Respond(transaction, failure, failure == 400 ? "Bad Request" : "Not Acceptable Here");
            return;
        }
        dialog.RefreshTarget(request);
        var response = Agent.CreateResponse(request, 200, "OK", dialog.Id.LocalTag);
        AddSessionTimer(response, request);
        if (answer is not null) response.SetBody(SdpSerializer.ToBytes(answer.Answer), "application/sdp");
        else if (LocalSdp is { } current) response.SetBody(SdpSerializer.ToBytes(current), "application/sdp");
        transaction.SendResponse(response);
        // The ACK ends retransmissions; a lost ACK here only costs retransmissions of the 200, not the call.
        Agent.TrackReinvite(transaction, response, dialog);
        if (answer is not null) RemoteMediaChanged?.Invoke(this, answer);
    }

    private void OnUpdate(SipServerTransaction transaction, SipDialog dialog)
    {
        var request = transaction.Request;
        if (!TryAnswerOffer(request, out var answer, out var failure))
        {
            Agent.Respond(transaction, failure, failure == 400 ? "Bad Request" : "Not Acceptable Here");
            return;
        }
        dialog.RefreshTarget(request);
        var response = Agent.CreateResponse(request, 200, "OK", dialog.Id.LocalTag);
        AddSessionTimer(response, request);
        if (answer is not null) response.SetBody(SdpSerializer.ToBytes(answer.Answer), "application/sdp");
        transaction.SendResponse(response);
        if (answer is not null) RemoteMediaChanged?.Invoke(this, answer);
    }

    /// <summary>Answers a received offer on our current media address, keeping the SDP session id (RFC 3264 §8).</summary>
    private bool TryAnswerOffer(SipRequest request, out SdpAnswerResult? answer, out int failure)
    {
        answer = null;
        failure = 0;
        if (request.Body.IsEmpty) return true;
        if (SdpParser.TryParse(request.Body.Span, out var offer) != SdpParseError.None)
        {
            failure = 400;
            return false;
        }
        var audio = LocalSdp?.Audio;
        var address = LocalSdp?.ConnectionAddress ?? "127.0.0.1";
        answer = Agent.Negotiator.Answer(offer, address, audio?.Port ?? 0);
        if (answer is null)
        {
            failure = 488;
            return false;
        }
        var versioned = answer.Answer with
        {
            SessionId = LocalSdp?.SessionId ?? answer.Answer.SessionId,
            SessionVersion = (LocalSdp?.SessionVersion ?? 0) + 1,
        };
        answer = answer with { Answer = versioned };
        LocalSdp = versioned;
        RemoteSdp = offer;
        return true;
    }

    /// <summary>RFC 4028 in a 2xx to a refresh: echo the interval, keep who refreshes, restart our timer.</summary>
    private protected void AddSessionTimer(SipResponse response, SipRequest request)
    {
        if (SessionExpires.From(request) is not { } asked) return;
        var refresher = asked.Refresher ?? "uac";
        var agreed = asked with { Refresher = refresher };
        response.Headers.Add(SipHeaderId.SessionExpires, agreed.ToString());
        response.Headers.Add(SipHeaderId.Require, "timer");
        // The requester is the UAC of this transaction: we refresh only if it names us ("uas").
        _refresh.Restart(TimeSpan.FromSeconds(agreed.Seconds), refresher == "uas");
    }

    /// <summary>We are the refresher: an UPDATE without SDP (RFC 4028 §9 allows it; carriers do the same).</summary>
    private void SendRefresh()
    {
        if (Dialog is not { } dialog || State != SipSessionState.Confirmed) return;
        var interval = _refresh.Interval;
        var update = dialog.CreateRequest(SipMethods.Update);
        var seconds = (int)interval.TotalSeconds;
        update.Headers.Add(SipHeaderId.SessionExpires, $"{seconds};refresher=uac");
        update.Headers.Add(SipHeaderId.Supported, "timer");
        Agent.SendInDialog(update, dialog, response =>
        {
            if (response.IsProvisional) return;
            if (response.StatusCode is >= 200 and < 300) _refresh.Restart(interval, weRefresh: SessionExpires.From(response)?.Refresher is null or "uac");
            else if (response.StatusCode is 481 or 408) Finish(new SipSessionEnd(SipSessionEndKind.Failed, response.StatusCode, "Refresh failed"));
            else _refresh.Restart(interval, weRefresh: true);
        });
    }

    private static string? ReasonText(SipRequest request) => request.Headers.GetFirstText(SipHeaderId.Reason);
}
