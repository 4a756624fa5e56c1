namespace Gateway.Sip.Core;

/// <summary>What this UAS understands; drives 416, 420 and 415/406 decisions (RFC 3261 §8.2.2–8.2.3).</summary>
public sealed record SipUasCapabilities
{
    public static SipUasCapabilities Default { get; } = new();

    public IReadOnlySet<string> UriSchemes { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "sip", "sips", "tel" };

    /// <summary>Option tags we implement (Require/Supported).</summary>
    public IReadOnlySet<string> Extensions { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "100rel", "timer", "replaces", "norefersub" };

    /// <summary>Body types we can process, lower case.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = ["application/sdp", "multipart/mixed", "application/dtmf-relay", "message/sipfrag", "text/plain"];

    /// <summary>The body type an INVITE answer carries; an INVITE whose Accept excludes it gets 406.</summary>
    public string SessionDescriptionType { get; init; } = "application/sdp";
}
