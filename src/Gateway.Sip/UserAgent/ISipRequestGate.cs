using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// Inbound policy hook (trunk allow-list, digest challenge, rate limiting): consulted by <see cref="SipUserAgent"/>
/// for every new request before it is handled — in-dialog ones included, so an implementation can let those pass
/// cheaply. ACK and CANCEL are not gated (they belong to transactions that already passed).
/// </summary>
public interface ISipRequestGate
{
    SipGateDecision Check(SipRequest request, IPEndPoint source, ISipTransport transport);
}

/// <summary>What the gate decided: let through, answer with a final response (403, 401 with a challenge, 503…), or drop silently.</summary>
public sealed record SipGateDecision
{
    public static SipGateDecision Allow { get; } = new() { Kind = SipGateDecisionKind.Allow };
    public static SipGateDecision Drop { get; } = new() { Kind = SipGateDecisionKind.Drop };

    public SipGateDecisionKind Kind { get; init; }
    public int StatusCode { get; init; }
    public string ReasonPhrase { get; init; } = "";
    /// <summary>Extra header lines for the reject (e.g. WWW-Authenticate, Retry-After).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
    /// <summary>Who the request is from once accepted (trunk name or authenticated user); kept on the call record.</summary>
    public string? Peer { get; init; }
    /// <summary>The peer is inside our trust domain (a trunk): its P-Asserted-Identity is believed (RFC 3325).</summary>
    public bool TrustedIdentity { get; init; }

    public static SipGateDecision Reject(int statusCode, string reasonPhrase, params (string Name, string Value)[] headers) =>
        new() { Kind = SipGateDecisionKind.Reject, StatusCode = statusCode, ReasonPhrase = reasonPhrase, Headers = headers };

    public static SipGateDecision AllowAs(string peer) => new() { Kind = SipGateDecisionKind.Allow, Peer = peer };
}

public enum SipGateDecisionKind
{
    Allow,
    Reject,
    Drop,
}

/// <summary>Lets everything through (tests, and the default when no security is configured).</summary>
public sealed class AllowAllRequestGate : ISipRequestGate
{
    public static AllowAllRequestGate Instance { get; } = new();

    public SipGateDecision Check(SipRequest request, IPEndPoint source, ISipTransport transport) => SipGateDecision.Allow;
}
