using System.Security.Cryptography;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Security.Digest;

public sealed record DigestAccount(string Username, string Password);

/// <summary>
/// Client side of digest: answers a 401/407 with the strongest challenge we support (SHA-256 over MD5), qop=auth
/// with a fresh cnonce and an increasing nonce count when the same nonce is reused.
/// </summary>
public sealed class DigestClient(DigestAccount account)
{
    private readonly Lock _gate = new();
    private string? _lastNonce;
    private uint _nonceCount;

    public DigestAccount Account { get; } = account;

    /// <summary>The strongest usable Digest challenge of a 401/407, or null.</summary>
    public static DigestChallenge? SelectChallenge(SipResponse response)
    {
        var id = response.StatusCode == 407 ? SipHeaderId.ProxyAuthenticate : SipHeaderId.WwwAuthenticate;
        DigestChallenge? best = null;
        foreach (var header in response.Headers)
        {
            if (header.Id != id || DigestChallenge.TryParse(header.ValueText) is not { } challenge) continue;
            if (best is null || challenge.Algorithm > best.Algorithm || (challenge.Algorithm == best.Algorithm && challenge.OffersQopAuth && !best.OffersQopAuth)) best = challenge;
        }
        return best;
    }

    /// <summary>The Authorization (401) or Proxy-Authorization (407) header answering the challenge, or null.</summary>
    public SipHeader? Answer(SipResponse response, string method, string uri)
    {
        if (response.StatusCode is not (401 or 407) || SelectChallenge(response) is not { } challenge) return null;
        var value = Compute(challenge, method, uri);
        return SipHeader.Create(response.StatusCode == 407 ? SipHeaderId.ProxyAuthorization : SipHeaderId.Authorization, value);
    }

    /// <summary>
    /// The request to send after a challenge (RFC 3261 §22.2): same request with a new branch, CSeq + 1 and the
    /// credentials (replacing earlier ones of the same kind). Null when the challenge cannot be answered.
    /// </summary>
    public SipRequest? CreateAuthenticatedRequest(SipRequest original, SipResponse response)
    {
        var uri = Encoding.UTF8.GetString(original.RequestUriBytes.Span);
        if (Answer(response, original.Method, uri) is not { } credentials) return null;
        return SipRequestRewriter.ForRetry(original, credentials);
    }

    private string Compute(DigestChallenge challenge, string method, string uri)
    {
        uint nc;
        lock (_gate)
        {
            if (_lastNonce != challenge.Nonce)
            {
                _lastNonce = challenge.Nonce;
                _nonceCount = 0;
            }
            nc = ++_nonceCount;
        }
        var ha1 = DigestCalculator.Ha1(challenge.Algorithm, Account.Username, challenge.Realm, Account.Password);
        var builder = new StringBuilder(256)
            .Append("Digest username=").Append(SipQuoting.Quote(Account.Username))
            .Append(", realm=").Append(SipQuoting.Quote(challenge.Realm))
            .Append(", nonce=").Append(SipQuoting.Quote(challenge.Nonce))
            .Append(", uri=").Append(SipQuoting.Quote(uri));
        if (challenge.OffersQopAuth)
        {
            var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var response = DigestCalculator.Response(challenge.Algorithm, ha1, method, uri, challenge.Nonce, "auth", nc, cnonce);
            builder.Append(", response=\"").Append(response).Append('"')
                .Append(", cnonce=\"").Append(cnonce).Append('"')
                .Append(", qop=auth, nc=").Append(DigestCalculator.FormatNonceCount(nc));
        }
        else
        {
            builder.Append(", response=\"").Append(DigestCalculator.Response(challenge.Algorithm, ha1, method, uri, challenge.Nonce, null, 0, null)).Append('"');
        }
        builder.Append(", algorithm=").Append(DigestAlgorithms.Token(challenge.Algorithm));
        if (challenge.Opaque is not null) builder.Append(", opaque=").Append(SipQuoting.Quote(challenge.Opaque));
        return builder.ToString();
    }
}
