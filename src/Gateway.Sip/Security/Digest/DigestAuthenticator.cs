using System.Security.Cryptography;
using System.Text;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Security.Digest;

/// <summary>Which header pair carries the challenge: 401 WWW-Authenticate / Authorization (registrar, UAS) or 407 Proxy-*.</summary>
public enum ChallengeKind
{
    Www,
    Proxy,
}

public enum DigestOutcome
{
    Accepted,
    /// <summary>No credentials for our realm: challenge.</summary>
    Missing,
    /// <summary>Right password but an old or unknown nonce: challenge with stale=true.</summary>
    Stale,
    /// <summary>The nonce count did not increase: not accepted; challenge afresh.</summary>
    Replay,
    /// <summary>Unknown user, wrong password, wrong realm/URI or unsupported parameters: 403.</summary>
    Rejected,
}

public readonly record struct DigestVerification(DigestOutcome Outcome, string? Username)
{
    public bool IsAccepted => Outcome == DigestOutcome.Accepted;
}

/// <summary>
/// Server side of digest (RFC 3261 §22, RFC 7616, RFC 8760): offers one challenge per algorithm in the configured
/// order of preference (default SHA-256 then MD5, same nonce), requires qop=auth, checks the response in constant
/// time and the nonce count against replay.
/// </summary>
public sealed class DigestAuthenticator
{
    private readonly ISipCredentialStore _credentials;
    private readonly DigestNonceService _nonces;
    private readonly DigestAlgorithm[] _algorithms;

    public DigestAuthenticator(string realm, ISipCredentialStore credentials, DigestNonceService nonces, IEnumerable<DigestAlgorithm>? algorithms = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        Realm = realm;
        _credentials = credentials;
        _nonces = nonces;
        // Kept in the given order: some phones (baresip 1.0 / libre 1.x) give up on the first challenge they cannot compute.
        _algorithms = (algorithms ?? DefaultAlgorithms).Distinct().ToArray();
        if (_algorithms.Length == 0) throw new ArgumentException("At least one algorithm is needed.", nameof(algorithms));
    }

    public static IReadOnlyList<DigestAlgorithm> DefaultAlgorithms { get; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    public string Realm { get; }

    public IReadOnlyList<SipHeader> CreateChallenges(ChallengeKind kind, bool stale = false)
    {
        var nonce = _nonces.Issue(Realm);
        var id = kind == ChallengeKind.Www ? SipHeaderId.WwwAuthenticate : SipHeaderId.ProxyAuthenticate;
        var headers = new SipHeader[_algorithms.Length];
        for (var i = 0; i < _algorithms.Length; i++)
        {
            var value = $"Digest realm={SipQuoting.Quote(Realm)}, nonce=\"{nonce}\", algorithm={DigestAlgorithms.Token(_algorithms[i])}, qop=\"auth\"{(stale ? ", stale=true" : "")}";
            headers[i] = SipHeader.Create(id, value);
        }
        return headers;
    }

    /// <summary>401 or 407 with the challenges (RFC 3261 §22.1/§22.3).</summary>
    public SipResponse CreateChallengeResponse(SipRequest request, ChallengeKind kind, bool stale, string? toTag) =>
        kind == ChallengeKind.Www
            ? SipResponseFactory.Create(request, 401, "Unauthorized", toTag, CreateChallenges(kind, stale))
            : SipResponseFactory.Create(request, 407, "Proxy Authentication Required", toTag, CreateChallenges(kind, stale));

    public DigestVerification Verify(SipRequest request, ChallengeKind kind)
    {
        var id = kind == ChallengeKind.Www ? SipHeaderId.Authorization : SipHeaderId.ProxyAuthorization;
        DigestCredentials? credentials = null;
        foreach (var header in request.Headers)
        {
            if (header.Id != id) continue;
            if (DigestCredentials.TryParse(header.ValueText) is { } parsed && parsed.Realm == Realm)
            {
                credentials = parsed;
                break;
            }
        }
        if (credentials is null) return new DigestVerification(DigestOutcome.Missing, null);
        var user = credentials.Username;
        if (!_algorithms.Contains(credentials.Algorithm)
            || !string.Equals(credentials.Qop, "auth", StringComparison.OrdinalIgnoreCase)
            || !UriMatches(credentials.Uri, request)
            || !_credentials.TryGetPassword(user, out var password))
        {
            return new DigestVerification(DigestOutcome.Rejected, user);
        }

        var ha1 = DigestCalculator.Ha1(credentials.Algorithm, user, Realm, password);
        var expected = DigestCalculator.Response(credentials.Algorithm, ha1, request.Method, credentials.Uri, credentials.Nonce, "auth", credentials.NonceCount, credentials.Cnonce);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(credentials.Response.ToLowerInvariant())))
        {
            return new DigestVerification(DigestOutcome.Rejected, user);
        }
        return _nonces.Check(credentials.Nonce, Realm, credentials.NonceCount) switch
        {
            NonceCheck.Valid => new DigestVerification(DigestOutcome.Accepted, user),
            NonceCheck.Replay => new DigestVerification(DigestOutcome.Replay, user),
            // The client knew the password for that nonce, so a fresh one is all it needs (e.g. after our restart).
            _ => new DigestVerification(DigestOutcome.Stale, user),
        };
    }

    private static bool UriMatches(string digestUri, SipRequest request)
    {
        var requestUri = Encoding.UTF8.GetString(request.RequestUriBytes.Span);
        if (string.Equals(digestUri, requestUri, StringComparison.OrdinalIgnoreCase)) return true;
        // Tolerate a re-serialised but equivalent URI.
        return SipUri.TryParse(digestUri, out var parsed) && request.RequestUri is { } actual
            && string.Equals(parsed.ToString(), actual.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
