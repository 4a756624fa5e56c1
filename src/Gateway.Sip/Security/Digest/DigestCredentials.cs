namespace Gateway.Sip.Security.Digest;

/// <summary>The parsed value of an Authorization / Proxy-Authorization header (RFC 7616 §3.4).</summary>
public sealed record DigestCredentials(
    string Username, string Realm, string Nonce, string Uri, string Response,
    DigestAlgorithm Algorithm, string? Qop, uint NonceCount, string? Cnonce, string? Opaque)
{
    public static DigestCredentials? TryParse(string headerValue)
    {
        if (!DigestParameters.TryParse(headerValue, out var p) || !p.IsDigest) return null;
        if (p["username"] is not { Length: > 0 } username || p["realm"] is not { } realm || p["nonce"] is not { } nonce
            || p["uri"] is not { } uri || p["response"] is not { } response) return null;
        if (!DigestAlgorithms.TryParse(p["algorithm"], out var algorithm)) return null;
        var qop = p["qop"];
        uint nc = 0;
        if (qop is not null)
        {
            if (p["cnonce"] is null || p["nc"] is not { Length: 8 } ncText
                || !uint.TryParse(ncText, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out nc)) return null;
        }
        return new DigestCredentials(username, realm, nonce, uri, response, algorithm, qop, nc, p["cnonce"], p["opaque"]);
    }
}
