using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Trunks;

public enum CallerIdentitySource
{
    PAssertedIdentity,
    From,
}

/// <summary>
/// Who is calling and whom. <see cref="DisplayNumber"/> is what a call-taker may see (null when withheld or
/// anonymous); <see cref="RecordedNumber"/> is what goes in the call record: the real number when it comes from
/// a trusted trunk even if withheld (RFC 3325 lets the trust domain see it), otherwise only what was shown.
/// </summary>
public sealed record CallerIdentity(
    string? DisplayNumber, string? RecordedNumber, string? DisplayName, bool IsWithheld, CallerIdentitySource Source, string? CalledNumber);

/// <summary>Caller number from P-Asserted-Identity (trusted trunks only) or From, honouring Privacy (RFC 3323/3325).</summary>
public static class CallerIdentityExtractor
{
    public static CallerIdentity Extract(SipRequest request, bool trustedSource)
    {
        var asserted = trustedSource ? AssertedIdentity(request) : null;
        var identity = asserted ?? request.From;
        var source = asserted is not null ? CallerIdentitySource.PAssertedIdentity : CallerIdentitySource.From;
        var number = identity is null ? null : NumberOf(identity.Uri);
        var anonymous = identity is null || IsAnonymous(identity.Uri);
        var withheld = anonymous || PrivacyRequested(request);
        var realNumber = anonymous ? null : number;
        return new CallerIdentity(
            DisplayNumber: withheld ? null : realNumber,
            RecordedNumber: withheld && !trustedSource ? null : realNumber,
            DisplayName: withheld ? null : identity?.DisplayName,
            IsWithheld: withheld,
            Source: source,
            CalledNumber: CalledNumber(request));
    }

    /// <summary>The user part of a sip:/sips: Request-URI or the number of a tel: one, without user parameters.</summary>
    public static string? CalledNumber(SipRequest request) => request.RequestUri is { } uri ? NumberOf(uri) : null;

    /// <summary>Prefers a tel: identity, then sip: (a trunk may send one of each, RFC 3325 §9.1).</summary>
    private static NameAddress? AssertedIdentity(SipRequest request)
    {
        NameAddress? sip = null;
        foreach (var value in request.Headers.GetValues(SipHeaderId.PAssertedIdentity))
        {
            if (!NameAddress.TryParse(value.Span, out var identity)) continue;
            if (identity.Uri.IsTel) return identity;
            if (identity.Uri.IsSip) sip ??= identity;
        }
        return sip;
    }

    private static bool PrivacyRequested(SipRequest request)
    {
        foreach (var header in request.Headers)
        {
            if (header.Id != SipHeaderId.Privacy) continue;
            foreach (var token in header.ValueText.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals("id", StringComparison.OrdinalIgnoreCase) || token.Equals("user", StringComparison.OrdinalIgnoreCase)
                    || token.Equals("header", StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }

    private static bool IsAnonymous(SipUri uri) =>
        string.Equals(uri.User, "anonymous", StringComparison.OrdinalIgnoreCase)
        || uri.Host.Equals("anonymous.invalid", StringComparison.OrdinalIgnoreCase)
        || NumberOf(uri) is null;

    private static string? NumberOf(SipUri uri)
    {
        var user = uri.IsTel ? uri.User : uri.IsSip ? uri.UserUnescaped : null;
        if (string.IsNullOrEmpty(user)) return null;
        var semicolon = user.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0) user = user[..semicolon];
        // Visual separators of RFC 3966 are not part of the number.
        var number = string.Concat(user.Where(c => c is not ('-' or '.' or '(' or ')' or ' ')));
        return number.Length == 0 ? null : number;
    }
}
