using Gateway.Sip.Message;

namespace Gateway.Sip.Security;

public enum GateVerdict
{
    /// <summary>Hand the request to the UA/B2BUA; <see cref="GateDecision.Origin"/> says who sent it.</summary>
    Allow,
    /// <summary>Send <see cref="GateDecision.Response"/> (401/407) and wait for the authenticated retry.</summary>
    Challenge,
    /// <summary>Send <see cref="GateDecision.Response"/> (403).</summary>
    Reject,
    /// <summary>Send <see cref="GateDecision.Response"/> (503 with Retry-After).</summary>
    RateLimited,
    /// <summary>Send nothing at all.</summary>
    Drop,
}

/// <summary>The gate's answer for one request. <see cref="Response"/> is set exactly when something must be sent.</summary>
public sealed record GateDecision(GateVerdict Verdict, RequestOrigin Origin, SipResponse? Response = null, string? Reason = null)
{
    public bool IsAllowed => Verdict == GateVerdict.Allow;
}
