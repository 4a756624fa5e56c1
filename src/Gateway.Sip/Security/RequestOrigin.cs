using Gateway.Sip.Trunks;

namespace Gateway.Sip.Security;

public enum RequestOriginKind
{
    /// <summary>Neither a trunk nor an authenticated phone (only REGISTER is let through from such a source).</summary>
    Unknown,
    Trunk,
    Phone,
}

/// <summary>Who a request came from, as the gate established it.</summary>
public sealed record RequestOrigin(RequestOriginKind Kind, TrunkPeer? Trunk = null, string? PhoneUser = null)
{
    public static readonly RequestOrigin Unknown = new(RequestOriginKind.Unknown);

    /// <summary>P-Asserted-Identity is only believed from a trusted trunk (RFC 3325 §2.3 trust domain).</summary>
    public bool IsTrustedForIdentity => Kind == RequestOriginKind.Trunk;
}
