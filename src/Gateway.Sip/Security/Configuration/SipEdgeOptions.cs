namespace Gateway.Sip.Security.Configuration;

/// <summary>What to do with a request we will not serve.</summary>
public enum RefusalAction
{
    /// <summary>Answer (403 for unknown sources, 503 + Retry-After for rate-limited INVITEs).</summary>
    Reject,
    /// <summary>Send nothing: a scanner learns nothing and gets no amplification.</summary>
    Drop,
}

/// <summary>Trunks, phones, registrar and inbound policy; bound at <c>Gateway:Sip</c>.</summary>
public sealed class SipEdgeOptions
{
    public const string SectionName = "Gateway:Sip";

    /// <summary>Digest realm for phones (registrar and their requests).</summary>
    public string Realm { get; set; } = "gateway";

    /// <summary>
    /// Digest algorithms offered to phones, most preferred first (RFC 8760: one challenge each). "SHA-256", "MD5".
    /// Put "MD5" first (or alone) for phones that give up on the first challenge they cannot compute.
    /// </summary>
    /// <remarks>Empty means <see cref="DefaultDigestAlgorithms"/> (a list default would be appended to by the configuration binder).</remarks>
    public List<string> DigestAlgorithms { get; set; } = [];

    public static IReadOnlyList<string> DefaultDigestAlgorithms { get; } = ["SHA-256", "MD5"];

    public IReadOnlyList<string> EffectiveDigestAlgorithms => DigestAlgorithms.Count > 0 ? DigestAlgorithms : DefaultDigestAlgorithms;

    /// <summary>How long a nonce is accepted before the client gets stale=true.</summary>
    public int NonceLifetimeSeconds { get; set; } = 300;

    public List<SipTrunkOptions> Trunks { get; set; } = [];
    public List<SipPhoneUserOptions> Phones { get; set; } = [];
    public RegistrarOptions Registrar { get; set; } = new();
    public InboundPolicyOptions Inbound { get; set; } = new();
}

public sealed class SipTrunkOptions
{
    public string Name { get; set; } = "";

    /// <summary>Source addresses or CIDR blocks the trunk sends from (IPv4 and IPv6).</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Where we send to the trunk (REGISTER, OPTIONS, outbound calls): an IP address.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 5060;

    /// <summary>When set, the trunk's requests must carry digest credentials we check (we challenge with 401).</summary>
    public TrunkDigestOptions? InboundAuth { get; set; }

    /// <summary>When set, we answer the trunk's 401/407 challenges with these credentials.</summary>
    public TrunkDigestOptions? OutboundAuth { get; set; }

    public TrunkRegistrationOptions? Registration { get; set; }
    public TrunkKeepAliveOptions? KeepAlive { get; set; }

    /// <summary>The trunk's own INVITE budget, separate from everyone else's.</summary>
    public double InvitesPerSecond { get; set; } = 200;
    public int InviteBurst { get; set; } = 400;
}

public sealed class TrunkDigestOptions
{
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>Inbound only: the realm we challenge with (default: the trunk name).</summary>
    public string? Realm { get; set; }
    /// <summary>Inbound only: algorithms we challenge with, preferred first (default SHA-256, MD5; "MD5" alone for peers like SIPp).</summary>
    public List<string>? Algorithms { get; set; }
}

public sealed class TrunkRegistrationOptions
{
    /// <summary>The user part of our address-of-record at the trunk.</summary>
    public string User { get; set; } = "";
    /// <summary>Domain of the AOR and Request-URI (default: the trunk host).</summary>
    public string? Domain { get; set; }
    public int ExpiresSeconds { get; set; } = 3600;
    public int RetryMinSeconds { get; set; } = 5;
    public int RetryMaxSeconds { get; set; } = 300;
}

public sealed class TrunkKeepAliveOptions
{
    public int IntervalSeconds { get; set; } = 30;
    /// <summary>Consecutive unanswered OPTIONS before the trunk is reported down.</summary>
    public int FailuresBeforeDown { get; set; } = 3;
}

public sealed class SipPhoneUserOptions
{
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>Free text for operators (call-taker, dispatcher).</summary>
    public string? Role { get; set; }
}

public sealed class RegistrarOptions
{
    public int MinExpiresSeconds { get; set; } = 60;
    public int MaxExpiresSeconds { get; set; } = 3600;
    public int DefaultExpiresSeconds { get; set; } = 3600;
    public int MaxContactsPerUser { get; set; } = 5;
}

public sealed class InboundPolicyOptions
{
    /// <summary>Requests from sources that are neither a trunk nor a phone.</summary>
    public RefusalAction UnknownSource { get; set; } = RefusalAction.Reject;

    /// <summary>INVITEs over the per-source rate.</summary>
    public RefusalAction RateLimited { get; set; } = RefusalAction.Reject;

    /// <summary>INVITE budget per source IP for everything that is not a trunk.</summary>
    public double InvitesPerSecond { get; set; } = 5;
    public int InviteBurst { get; set; } = 10;

    /// <summary>Whether in-dialog requests (To tag) from a registered phone's address or a digest trunk need digest too.</summary>
    public bool ChallengeInDialogRequests { get; set; }
}
