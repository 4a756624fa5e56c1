using System.Security.Cryptography;

namespace Gateway.Sip.Dialog;

/// <summary>Random tags and Call-IDs (RFC 3261 §19.3: at least 32 bits of randomness).</summary>
public static class SipTags
{
    public static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string NewCallId(string host) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "@" + host;
}
