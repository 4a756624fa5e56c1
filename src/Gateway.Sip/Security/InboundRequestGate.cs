using System.Globalization;
using System.Net;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Registrar;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Security.RateLimiting;
using Gateway.Sip.Transaction;
using Gateway.Sip.Trunks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Security;

/// <summary>
/// Decides, for every new inbound request and its source address, whether the UA may serve it (ARCHITECTURE §6:
/// only configured peers reach us). Trunks are recognised by CIDR (and digest when configured); phones by digest
/// (407) or, for in-dialog requests, by being registered from that address; REGISTER is always let through to the
/// registrar, which authenticates it. In-dialog requests are challenged only with ChallengeInDialogRequests. INVITEs are rate-limited per source, trunks on their own budget.
/// Consult it from <see cref="SipTransactionLayer.RequestReceived"/> before anything else (CANCEL is answered by
/// the transaction layer and only matches transactions the gate already admitted).
/// </summary>
public sealed class InboundRequestGate
{
    private readonly InboundPolicyOptions _policy;
    private readonly TrunkDirectory _trunks;
    private readonly SipRegistrar _registrar;
    private readonly DigestAuthenticator _phoneAuthenticator;
    private readonly InviteRateLimiter _limiter;
    private readonly ILogger _logger;

    public InboundRequestGate(InboundPolicyOptions policy, TrunkDirectory trunks, SipRegistrar registrar, DigestAuthenticator phoneAuthenticator,
        InviteRateLimiter limiter, ILogger<InboundRequestGate>? logger = null)
    {
        _policy = policy;
        _trunks = trunks;
        _registrar = registrar;
        _phoneAuthenticator = phoneAuthenticator;
        _limiter = limiter;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public GateDecision Evaluate(SipRequest request, IPEndPoint source)
    {
        var isInvite = request.Method == SipMethods.Invite;
        if (_trunks.FindBySource(source.Address) is { } trunk)
        {
            var origin = new RequestOrigin(RequestOriginKind.Trunk, trunk);
            if (isInvite && !_limiter.TryAcquireForTrunk(trunk.Name, trunk.InviteLimit, out var trunkRetry)) return RateLimited(request, origin, trunkRetry);
            // In-dialog requests (BYE, re-INVITE) only reach an existing dialog the trunk authenticated when creating it;
            // many carriers never answer a challenge to their BYE, which would leave the call up.
            var inDialog = request.To?.Tag is not null;
            return trunk.InboundAuthenticator is { } authenticator && request.Method != SipMethods.Ack && (!inDialog || _policy.ChallengeInDialogRequests)
                ? FromVerification(request, authenticator.Verify(request, ChallengeKind.Www), authenticator, ChallengeKind.Www, origin, _ => origin)
                : new GateDecision(GateVerdict.Allow, origin);
        }

        if (isInvite && !_limiter.TryAcquire(source.Address, out var retry)) return RateLimited(request, RequestOrigin.Unknown, retry);
        if (request.Method == SipMethods.Register) return new GateDecision(GateVerdict.Allow, RequestOrigin.Unknown);

        if (HasCredentials(request))
        {
            var verification = _phoneAuthenticator.Verify(request, ChallengeKind.Proxy);
            // Credentials for another realm count as none: fall through to the source checks.
            if (verification.Outcome != DigestOutcome.Missing)
            {
                return FromVerification(request, verification, _phoneAuthenticator, ChallengeKind.Proxy, RequestOrigin.Unknown,
                    user => new RequestOrigin(RequestOriginKind.Phone, PhoneUser: user));
            }
        }
        if (_registrar.IsRegisteredSource(source.Address))
        {
            var inDialog = request.To?.Tag is not null;
            if (request.Method == SipMethods.Ack || (inDialog && !_policy.ChallengeInDialogRequests))
                return new GateDecision(GateVerdict.Allow, new RequestOrigin(RequestOriginKind.Phone));
            return Challenge(request, _phoneAuthenticator, ChallengeKind.Proxy, RequestOrigin.Unknown, stale: false, "missing");
        }
        _logger.LogWarning("{Method} from unknown source {Source} refused", request.Method, source);
        return Refuse(request, RequestOrigin.Unknown, "unknown source");
    }

    /// <summary>
    /// Convenience for the UA: evaluates the transaction's request (source = where responses go, i.e. the
    /// packet source with rport) and sends the refusal if any. True when the UA should serve it.
    /// </summary>
    public bool Admit(SipServerTransaction transaction, out GateDecision decision)
    {
        decision = Evaluate(transaction.Request, transaction.Remote);
        if (decision.Response is { } response) transaction.SendResponse(response);
        return decision.IsAllowed;
    }

    private GateDecision FromVerification(SipRequest request, DigestVerification verification, DigestAuthenticator authenticator, ChallengeKind kind,
        RequestOrigin unauthenticated, Func<string, RequestOrigin> accepted) =>
        verification.Outcome switch
        {
            DigestOutcome.Accepted => new GateDecision(GateVerdict.Allow, accepted(verification.Username!)),
            DigestOutcome.Missing => Challenge(request, authenticator, kind, unauthenticated, stale: false, "missing"),
            DigestOutcome.Stale or DigestOutcome.Replay => Challenge(request, authenticator, kind, unauthenticated, stale: true, "stale"),
            _ => Refuse(request, unauthenticated, "bad credentials", alwaysAnswer: unauthenticated.Kind == RequestOriginKind.Trunk),
        };

    private static GateDecision Challenge(SipRequest request, DigestAuthenticator authenticator, ChallengeKind kind, RequestOrigin origin, bool stale, string reason) =>
        request.Method == SipMethods.Ack
            ? new GateDecision(GateVerdict.Drop, origin, null, reason)
            : new GateDecision(GateVerdict.Challenge, origin, authenticator.CreateChallengeResponse(request, kind, stale, NewTag()), reason);

    private GateDecision Refuse(SipRequest request, RequestOrigin origin, string reason, bool alwaysAnswer = false)
    {
        if (request.Method == SipMethods.Ack || (!alwaysAnswer && _policy.UnknownSource == RefusalAction.Drop))
            return new GateDecision(GateVerdict.Drop, origin, null, reason);
        return new GateDecision(GateVerdict.Reject, origin, SipResponseFactory.Create(request, 403, "Forbidden", NewTag()), reason);
    }

    private GateDecision RateLimited(SipRequest request, RequestOrigin origin, TimeSpan retryAfter)
    {
        if (_policy.RateLimited == RefusalAction.Drop) return new GateDecision(GateVerdict.Drop, origin, null, "rate limited");
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = SipResponseFactory.Create(request, 503, "Service Unavailable", NewTag(),
            [SipHeader.Create(SipHeaderId.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture))]);
        return new GateDecision(GateVerdict.RateLimited, origin, response, "rate limited");
    }

    private static bool HasCredentials(SipRequest request) =>
        request.Headers.Contains(SipHeaderId.ProxyAuthorization);

    private static string NewTag() => Random.Shared.NextInt64().ToString("x", CultureInfo.InvariantCulture);
}
