using System.Globalization;

namespace Gateway.Sip.Security.Digest;

/// <summary>The digest response computation of RFC 7616 §3.4.1 (qop=auth) and RFC 2617 §3.2.2.1 (no qop).</summary>
public static class DigestCalculator
{
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        DigestAlgorithms.HashHex(algorithm, $"{username}:{realm}:{password}");

    public static string Response(DigestAlgorithm algorithm, string ha1, string method, string uri, string nonce, string? qop, uint nonceCount, string? cnonce)
    {
        var ha2 = DigestAlgorithms.HashHex(algorithm, $"{method}:{uri}");
        return qop is null
            ? DigestAlgorithms.HashHex(algorithm, $"{ha1}:{nonce}:{ha2}")
            : DigestAlgorithms.HashHex(algorithm, $"{ha1}:{nonce}:{FormatNonceCount(nonceCount)}:{cnonce}:{qop}:{ha2}");
    }

    public static string FormatNonceCount(uint nonceCount) => nonceCount.ToString("x8", CultureInfo.InvariantCulture);
}
