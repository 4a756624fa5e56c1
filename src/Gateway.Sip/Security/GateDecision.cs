using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

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

    /// <summary>Who it is from once allowed: the trunk name or the phone user (null for REGISTER from anywhere).</summary>
    public string? PeerName => Origin.Trunk?.Name ?? Origin.PhoneUser;

    /// <summary>The headers a refusal needs beyond the standard copies (challenges, Retry-After), for UAs that build their own response.</summary>
    public IReadOnlyList<(string Name, string Value)> ExtraHeaders
    {
        get
        {
            if (Response is null) return [];
            var headers = new List<(string Name, string Value)>(2);
            foreach (var header in Response.Headers)
            {
                if (header.Id is SipHeaderId.WwwAuthenticate or SipHeaderId.ProxyAuthenticate or SipHeaderId.RetryAfter)
                    headers.Add((header.NameText, header.ValueText));
            }
            return headers;
        }
    }
}
