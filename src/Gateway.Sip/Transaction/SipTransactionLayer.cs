using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transaction;

/// <summary>
/// RFC 3261 §17: matches inbound messages to transactions, absorbs retransmissions, answers invalid requests
/// (through a server transaction, so their retransmissions are absorbed too), handles CANCEL, and hands the TU
/// new requests, ACKs for 2xx and responses that match no transaction.
/// </summary>
public sealed class SipTransactionLayer : IDisposable
{
    private readonly ConcurrentDictionary<SipTransactionKey, SipServerTransaction> _servers = new();
    private readonly ConcurrentDictionary<SipTransactionKey, SipClientTransaction> _clients = new();
    private readonly TimeProvider _timeProvider;
    private readonly SipTimerSettings _timers;
    private readonly SipRequestValidator _validator;
    private readonly ILogger _logger;

    public SipTransactionLayer(TimeProvider? timeProvider = null, SipTimerSettings? timers = null, SipRequestValidator? validator = null, ILogger<SipTransactionLayer>? logger = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _timers = timers ?? SipTimerSettings.Default;
        _validator = validator ?? new SipRequestValidator();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Send 100 Trying as soon as an INVITE arrives (RFC 3261 §17.2.1 allows waiting 200 ms; we do not).</summary>
    public bool SendTryingForInvite { get; init; } = true;

    /// <summary>A new, valid request (not ACK, not CANCEL) with its server transaction.</summary>
    public event Action<SipServerTransaction>? RequestReceived;

    /// <summary>An ACK that matches no server transaction: the ACK for a 2xx, which belongs to the dialog.</summary>
    public event Action<SipInboundMessage>? AckReceived;

    /// <summary>A response matching no client transaction (e.g. a 2xx retransmission after the transaction ended).</summary>
    public event Action<SipInboundMessage>? StrayResponse;

    public int ServerTransactionCount => _servers.Count;
    public int ClientTransactionCount => _clients.Count;

    public void Attach(ISipTransport transport) => transport.MessageReceived += Receive;

    public void Detach(ISipTransport transport) => transport.MessageReceived -= Receive;

    /// <summary>
    /// Starts a client transaction for <paramref name="request"/> (not ACK: a 2xx ACK goes straight to the transport).
    /// The handlers are attached before the first send, so even an immediate transport error reaches the TU.
    /// </summary>
    public SipClientTransaction SendRequest(SipRequest request, ISipTransport transport, IPEndPoint destination,
        Action<SipClientTransaction, SipResponse>? onResponse = null, Action<SipTransaction, SipTransactionEnd>? onTerminated = null)
    {
        if (request.Method == SipMethods.Ack) throw new ArgumentException("ACK is sent without a transaction.", nameof(request));
        var key = SipTransactionKey.ForClient(request) ?? throw new ArgumentException("Request needs a top Via with a branch and a CSeq.", nameof(request));
        SipClientTransaction transaction = request.Method == SipMethods.Invite
            ? new InviteClientTransaction(key, request, transport, destination, _timers, _timeProvider)
            : new NonInviteClientTransaction(key, request, transport, destination, _timers, _timeProvider);
        if (!_clients.TryAdd(key, transaction)) throw new InvalidOperationException($"A client transaction {key.Value} already exists.");
        transaction.Terminated += (t, _) => _clients.TryRemove(new KeyValuePair<SipTransactionKey, SipClientTransaction>(t.Key, (SipClientTransaction)t));
        if (onResponse is not null) transaction.ResponseReceived += onResponse;
        if (onTerminated is not null) transaction.Terminated += onTerminated;
        transaction.Start();
        return transaction;
    }

    /// <summary>Cancels a pending INVITE (RFC 3261 §9.1): only once a provisional response has arrived.</summary>
    public SipClientTransaction SendCancel(InviteClientTransaction invite, Action<SipClientTransaction, SipResponse>? onResponse = null)
    {
        if (!invite.HasProvisionalResponse) throw new InvalidOperationException("CANCEL must wait for a provisional response.");
        if (invite.State != SipTransactionState.Proceeding) throw new InvalidOperationException($"INVITE transaction is {invite.State}; nothing to cancel.");
        return SendRequest(SipTransactionRequests.CreateCancel(invite.Request), invite.Transport, invite.Remote, onResponse);
    }

    public void Receive(SipInboundMessage inbound)
    {
        try
        {
            if (inbound.Message is SipResponse) ReceiveResponse(inbound);
            else ReceiveRequest(inbound);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "SIP transaction layer failed on a message from {Remote}", inbound.Remote);
        }
    }

    private void ReceiveResponse(SipInboundMessage inbound)
    {
        if (SipResponseValidator.Validate(inbound.Result).Kind != SipVerdictKind.Accept) return;
        var response = (SipResponse)inbound.Message!;
        if (SipTransactionKey.ForClient(response) is { } key && _clients.TryGetValue(key, out var transaction)) transaction.OnResponse(response);
        else StrayResponse?.Invoke(inbound);
    }

    private void ReceiveRequest(SipInboundMessage inbound)
    {
        var verdict = _validator.Validate(inbound.Result);
        if (verdict.Kind == SipVerdictKind.Discard || inbound.Message is not SipRequest request) return;
        if (SipTransactionKey.ForServer(request) is not { } key) return;

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission(request);
            return;
        }
        if (request.Method == SipMethods.Ack)
        {
            AckReceived?.Invoke(inbound);
            return;
        }

        // A request we reject at once gets its final response alone: no 100 Trying before the 400.
        var transaction = CreateServer(key, request, inbound, sendTrying: verdict.Kind != SipVerdictKind.Reply);
        if (transaction is null) return;
        if (verdict.Kind == SipVerdictKind.Reply)
        {
            transaction.SendResponse(SipResponseFactory.Create(request, verdict, NewTag()));
            return;
        }
        if (request.Method == SipMethods.Cancel)
        {
            AnswerCancel(request, transaction);
            return;
        }
        RequestReceived?.Invoke(transaction);
    }

    private SipServerTransaction? CreateServer(SipTransactionKey key, SipRequest request, SipInboundMessage inbound, bool sendTrying)
    {
        // Stream transports answer on the connection the request came in on; UDP follows Via (RFC 3261 §18.2.2).
        var remote = inbound.Transport.IsReliable ? inbound.Remote : SipResponseAddressing.Resolve(request.TopVia!, inbound.Remote);
        SipServerTransaction transaction = request.Method == SipMethods.Invite
            ? new InviteServerTransaction(key, request, inbound.Transport, remote, _timers, _timeProvider)
            : new NonInviteServerTransaction(key, request, inbound.Transport, remote, _timers, _timeProvider);
        if (!_servers.TryAdd(key, transaction))
        {
            // A retransmission raced us: let the winner handle it.
            if (_servers.TryGetValue(key, out var winner)) winner.OnRetransmission(request);
            return null;
        }
        transaction.Terminated += (t, _) => _servers.TryRemove(new KeyValuePair<SipTransactionKey, SipServerTransaction>(t.Key, (SipServerTransaction)t));
        if (transaction is InviteServerTransaction invite) invite.Start(SendTryingForInvite && sendTrying);
        return transaction;
    }

    private void AnswerCancel(SipRequest cancel, SipServerTransaction cancelTransaction)
    {
        // RFC 3261 §9.2: any matched transaction gets 200 for the CANCEL; only a pending one is actually cancelled.
        var inviteKey = SipTransactionKey.ForServer(cancel, SipMethods.Invite);
        if (inviteKey is { } key && _servers.TryGetValue(key, out var invite))
        {
            cancelTransaction.SendResponse(SipResponseFactory.Create(cancel, 200, "OK", NewTag()));
            invite.TryCancel(cancel);
            return;
        }
        cancelTransaction.SendResponse(SipResponseFactory.Create(cancel, 481, "Call/Transaction Does Not Exist", NewTag()));
    }

    private static string NewTag() => Random.Shared.NextInt64().ToString("x", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var transaction in _servers.Values) transaction.Abort();
        foreach (var transaction in _clients.Values) transaction.Abort();
    }
}
