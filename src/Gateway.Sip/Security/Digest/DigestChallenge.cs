namespace Gateway.Sip.Security.Digest;

/// <summary>One Digest challenge from a WWW-Authenticate or Proxy-Authenticate value.</summary>
public sealed record DigestChallenge(string Realm, string Nonce, DigestAlgorithm Algorithm, bool OffersQopAuth, string? Opaque, bool Stale)
{
    /// <summary>Null for other schemes, unsupported algorithms, or malformed values.</summary>
    public static DigestChallenge? TryParse(string headerValue)
    {
        if (!DigestParameters.TryParse(headerValue, out var p) || !p.IsDigest) return null;
        if (p["realm"] is not { } realm || p["nonce"] is not { Length: > 0 } nonce) return null;
        if (!DigestAlgorithms.TryParse(p["algorithm"], out var algorithm)) return null;
        var qop = p["qop"];
        var offersAuth = qop is not null && qop.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase);
        var stale = string.Equals(p["stale"], "true", StringComparison.OrdinalIgnoreCase);
        return new DigestChallenge(realm, nonce, algorithm, offersAuth, p["opaque"], stale);
    }
}
