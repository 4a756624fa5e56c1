using System.Security.Cryptography;
using System.Text;

namespace Gateway.Sip.Security.Digest;

/// <summary>Digest hash algorithms we compute (RFC 7616 §3.2, RFC 8760). Higher value = stronger.</summary>
public enum DigestAlgorithm
{
    Md5 = 1,
    Sha256 = 2,
}

public static class DigestAlgorithms
{
    public static string Token(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Sha256 => "SHA-256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Absent algorithm means MD5 (RFC 2617 §3.2.1). "-sess" variants and SHA-512-256 are not supported.</summary>
    public static bool TryParse(string? token, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (token is null || token.Equals("MD5", StringComparison.OrdinalIgnoreCase)) return true;
        if (token.Equals("SHA-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }
        return false;
    }

    /// <summary>Configured tokens ("SHA-256", "MD5") in order; validated configuration never throws here.</summary>
    public static IReadOnlyList<DigestAlgorithm> ParseList(IEnumerable<string> tokens) =>
        tokens.Select(t => TryParse(t, out var a) ? a : throw new FormatException($"Unsupported digest algorithm '{t}'.")).ToList();

    /// <summary>Lower-case hex of the hash of the UTF-8 text.</summary>
    public static string HashHex(DigestAlgorithm algorithm, string text)
    {
        var input = Encoding.UTF8.GetBytes(text);
        Span<byte> hash = stackalloc byte[32];
        var length = algorithm == DigestAlgorithm.Md5 ? MD5.HashData(input, hash) : SHA256.HashData(input, hash);
        return Convert.ToHexStringLower(hash[..length]);
    }
}
