using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Sip.Core;
using Gateway.Sip.Dialog;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// The UA core over <see cref="SipTransactionLayer"/>: consults the <see cref="ISipRequestGate"/>, routes in-dialog
/// requests and 2xx ACKs to their session (481 when none), answers OPTIONS, offers new INVITEs to
/// <see cref="IncomingCall"/>, hands other methods to registered <see cref="ISipMethodHandler"/>s, and places calls.
/// </summary>
public sealed class SipUserAgent
{
    private readonly ConcurrentDictionary<SipDialogId, SipSession> _sessions = new();
    private readonly ConcurrentDictionary<SipDialogId, SuccessRetransmitter> _reinviteAnswers = new();
    private readonly ConcurrentDictionary<string, ISipMethodHandler> _methodHandlers = new(StringComparer.Ordinal);
    private readonly List<ISipTransport> _transports = [];
    private readonly ISipRequestGate _gate;

    public SipUserAgent(SipTransactionLayer layer, SipUserAgentOptions? options = null, ISipRequestGate? gate = null,
        SdpNegotiator? negotiator = null, TimeProvider? time = null, ILogger<SipUserAgent>? logger = null)
    {
        Layer = layer;
        Options = options ?? new SipUserAgentOptions();
        _gate = gate ?? AllowAllRequestGate.Instance;
        Negotiator = negotiator ?? new SdpNegotiator();
        Time = time ?? TimeProvider.System;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        layer.RequestReceived += OnRequest;
        layer.AckReceived += OnAck;
        layer.StrayResponse += OnStrayResponse;
    }

    public SipTransactionLayer Layer { get; }
    public SipUserAgentOptions Options { get; }
    public SdpNegotiator Negotiator { get; }
    public TimeProvider Time { get; }
    internal ILogger Logger { get; }
    public int SessionCount => _sessions.Count;

    /// <summary>Answers 401/407 to our INVITEs (trunk credentials); none by default.</summary>
    public ISipChallengeResponder? ChallengeResponder { get; set; }
    public IReadOnlyList<ISipTransport> Transports => _transports;

    /// <summary>A new INVITE passed the gate: the handler must ring, answer or reject the session.</summary>
    public event Action<IncomingSession>? IncomingCall;

    public void AddTransport(ISipTransport transport)
    {
        _transports.Add(transport);
        Layer.Attach(transport);
    }

    /// <summary>Out-of-dialog requests of <paramref name="method"/> (e.g. REGISTER) go to <paramref name="handler"/>.</summary>
    public void RegisterMethodHandler(string method, ISipMethodHandler handler) => _methodHandlers[method] = handler;

    public ISipTransport? FindTransport(SipTransportProtocol protocol) => _transports.FirstOrDefault(t => t.Protocol == protocol);

    /// <summary>Places a call. Subscribe to the session's events before calling <see cref="OutgoingSession"/>'s start (done here after return via the callback).</summary>
    public OutgoingSession Call(OutgoingCallRequest call, Action<OutgoingSession> subscribe)
    {
        var transport = FindTransport(call.Protocol) ?? throw new InvalidOperationException($"No {call.Protocol} transport.");
        var session = new OutgoingSession(this, call, transport);
        subscribe(session);
        session.Start();
        return session;
    }

    private void OnRequest(SipServerTransaction transaction)
    {
        try
        {
            Dispatch(transaction);
        }
        catch (Exception e)
        {
            Logger.LogError(e, "SIP UA failed on {Method} {CallId}", transaction.Request.Method, transaction.Request.CallId);
            if (transaction.State is SipTransactionState.Trying or SipTransactionState.Proceeding) Respond(transaction, 500, "Server Internal Error");
        }
    }

    private void Dispatch(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        var decision = _gate.Check(request, transaction.Remote, transaction.Transport);
        if (decision.Kind == SipGateDecisionKind.Drop)
        {
            transaction.Abort();
            return;
        }
        if (decision.Kind == SipGateDecisionKind.Reject)
        {
            Respond(transaction, decision.StatusCode, decision.ReasonPhrase, [.. decision.Headers]);
            return;
        }

        if (request.To?.Tag is { } toTag)
        {
            var id = new SipDialogId(request.CallId ?? "", toTag, request.From?.Tag ?? "");
            if (_sessions.TryGetValue(id, out var session)) session.OnRequest(transaction);
            else Respond(transaction, 481, "Call/Transaction Does Not Exist");
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Invite:
                OnInvite((InviteServerTransaction)transaction, decision);
                break;
            case SipMethods.Options:
                Respond(transaction, 200, "OK", ("Accept", "application/sdp"));
                break;
            case SipMethods.Bye or SipMethods.Update or SipMethods.Prack or SipMethods.Info:
                Respond(transaction, 481, "Call/Transaction Does Not Exist");
                break;
            default:
                if (_methodHandlers.TryGetValue(request.Method, out var handler)) handler.Handle(transaction, decision);
                else Respond(transaction, 405, "Method Not Allowed");
                break;
        }
    }

    private void OnInvite(InviteServerTransaction transaction, SipGateDecision decision)
    {
        var request = transaction.Request;
        // RFC 4028 §5: too small an interval is refused with our minimum.
        if (SessionExpires.From(request) is { } asked && asked.Seconds < (int)Options.MinSessionExpires.TotalSeconds)
        {
            Respond(transaction, 422, "Session Interval Too Small", ("Min-SE", ((int)Options.MinSessionExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
            return;
        }
        SdpSession? offer = null;
        if (!request.Body.IsEmpty)
        {
            if (request.ContentType != "application/sdp" || SdpParser.TryParse(request.Body.Span, out var parsed) != SdpParseError.None)
            {
                Respond(transaction, 400, "Bad Session Description");
                return;
            }
            offer = parsed;
        }
        var session = new IncomingSession(this, transaction, offer, decision);
        if (session.Dialog is null)
        {
            Respond(transaction, 400, "Missing From Tag");
            return;
        }
        if (IncomingCall is null) session.Reject(480, "Temporarily Unavailable");
        else IncomingCall(session);
    }

    private void OnAck(SipInboundMessage inbound)
    {
        if (inbound.Message is not SipRequest ack || ack.To?.Tag is not { } toTag) return;
        var id = new SipDialogId(ack.CallId ?? "", toTag, ack.From?.Tag ?? "");
        if (_reinviteAnswers.TryRemove(id, out var pending))
        {
            pending.Acknowledge();
            return;
        }
        if (_sessions.TryGetValue(id, out var session)) session.OnAck(ack);
    }

    private void OnStrayResponse(SipInboundMessage inbound)
    {
        // A 2xx retransmission after our INVITE transaction ended: ACK it again (§13.2.2.4).
        if (inbound.Message is not SipResponse { StatusCode: >= 200 and < 300 } response || response.CSeq?.Method != SipMethods.Invite) return;
        var id = new SipDialogId(response.CallId ?? "", response.From?.Tag ?? "", response.To?.Tag ?? "");
        if (_sessions.TryGetValue(id, out var session) && session is OutgoingSession outgoing) outgoing.On2xx(response);
    }

    internal void Register(SipDialogId id, SipSession session) => _sessions[id] = session;

    internal void Unregister(SipDialogId id, SipSession session)
    {
        _sessions.TryRemove(new KeyValuePair<SipDialogId, SipSession>(id, session));
        if (_reinviteAnswers.TryRemove(id, out var pending)) pending.Dispose();
    }

    internal void TrackReinvite(InviteServerTransaction transaction, SipResponse response, SipDialog dialog)
    {
        var retransmitter = new SuccessRetransmitter(transaction, response, Options.Timers, Time, () => _reinviteAnswers.TryRemove(dialog.Id, out _));
        if (_reinviteAnswers.TryGetValue(dialog.Id, out var previous)) previous.Dispose();
        _reinviteAnswers[dialog.Id] = retransmitter;
    }

    /// <summary>The Contact we put in requests and dialog-creating responses sent over <paramref name="transport"/>.</summary>
    public string ContactFor(ISipTransport transport)
    {
        var transportParameter = transport.Protocol == SipTransportProtocol.Udp ? "" : ";transport=" + transport.Protocol.ToString().ToLowerInvariant();
        return $"<sip:gw@{SipDialog.HostPort(transport.LocalEndPoint)}{transportParameter}>";
    }

    /// <summary>RFC 4028 for a new INVITE: the caller refreshes when it supports timers, otherwise we do.</summary>
    internal SessionExpires? AgreeSessionTimer(SipRequest invite)
    {
        var asked = SessionExpires.From(invite);
        var supportsTimer = invite.Headers.GetValues(SipHeaderId.Supported).ToTextList().Any(t => t.Equals("timer", StringComparison.OrdinalIgnoreCase))
            || invite.Headers.GetValues(SipHeaderId.Require).ToTextList().Any(t => t.Equals("timer", StringComparison.OrdinalIgnoreCase));
        if (asked is null && !supportsTimer) return null;
        var seconds = asked?.Seconds ?? (int)Options.SessionExpires.TotalSeconds;
        var refresher = asked?.Refresher ?? (supportsTimer ? "uac" : "uas");
        return new SessionExpires(seconds, refresher);
    }

    public SipResponse CreateResponse(SipRequest request, int statusCode, string reason, string? toTag, params (string Name, string Value)[] headers)
    {
        var response = SipResponseFactory.Create(request, statusCode, reason, toTag);
        if (statusCode is > 100 and < 300 && request.Method is SipMethods.Invite or SipMethods.Update or SipMethods.Options)
        {
            response.Headers.Add(SipHeaderId.Contact, ContactFor(FindTransportFor(request)));
        }
        if (request.Method is SipMethods.Invite or SipMethods.Options)
        {
            response.Headers.Add(SipHeaderId.Allow, SipUserAgentOptions.AllowedMethods);
            response.Headers.Add(SipHeaderId.Supported, SipUserAgentOptions.SupportedExtensions);
        }
        response.Headers.Add(SipHeaderId.Server, Options.Product);
        foreach (var (name, value) in headers) response.Headers.Add(name, value);
        return response;
    }

    private ISipTransport FindTransportFor(SipRequest request)
    {
        var viaTransport = request.TopVia?.Transport;
        return _transports.FirstOrDefault(t => string.Equals(t.Protocol.ToString(), viaTransport, StringComparison.OrdinalIgnoreCase)) ?? _transports[0];
    }

    internal void Respond(SipServerTransaction transaction, int statusCode, string reason, params (string Name, string Value)[] headers)
    {
        var tag = transaction.Request.To?.Tag is null ? SipTags.NewTag() : null;
        try
        {
            transaction.SendResponse(CreateResponse(transaction.Request, statusCode, reason, tag, headers));
        }
        catch (InvalidOperationException e)
        {
            Logger.LogDebug(e, "Response {Status} not sent: transaction already answered", statusCode);
        }
    }

    internal void SendInDialog(SipRequest request, SipDialog dialog, Action<SipResponse>? onResponse = null, Action<SipTransactionEnd>? onEnded = null)
    {
        try
        {
            Layer.SendRequest(request, dialog.Transport, dialog.Destination, onResponse is null ? null : (_, response) => onResponse(response),
                onEnded is null ? null : (_, end) => onEnded(end));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Logger.LogWarning(e, "{Method} in dialog {Dialog} not sent", request.Method, dialog.Id);
        }
    }

    internal void SendAck(SipRequest ack, SipDialog dialog)
    {
        var sending = dialog.Transport.SendAsync(ack, dialog.Destination);
        if (!sending.IsCompletedSuccessfully) _ = ObserveAsync(sending);
    }

    private async Task ObserveAsync(ValueTask sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SipTransportException or ObjectDisposedException or OperationCanceledException)
        {
            Logger.LogDebug(e, "ACK not sent");
        }
    }
}
