using System.Security.Cryptography;

namespace Gateway.Sip.Transaction;

/// <summary>Via branch values for new client transactions: the RFC 3261 magic cookie plus 64 random bits.</summary>
public static class SipBranch
{
    public static string New() => Message.SipVia.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
