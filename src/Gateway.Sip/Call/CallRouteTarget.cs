using Gateway.Sip.Message;

namespace Gateway.Sip.Call;

public enum CallRouteKind
{
    /// <summary>A fixed SIP URI ("uri:sip:12345@10.0.0.5:5060").</summary>
    Uri,
    /// <summary>A user registered with our registrar ("user:alice").</summary>
    User,
    /// <summary>Answered by the gateway itself with a test tone ("local:tone").</summary>
    LocalTone,
    /// <summary>Handed to a registered <see cref="ICallApplication"/> ("app:conference:room1", "app:radio:t1").</summary>
    Application,
}

/// <summary>Where a route sends a call, parsed from its config text.</summary>
public sealed record CallRouteTarget(CallRouteKind Kind, SipUri? Uri = null, string? User = null, string? Application = null, string? Argument = null)
{
    /// <summary>Parses "uri:sip:…", "user:NAME", "local:tone" or "app:NAME[:ARGUMENT]"; null with <paramref name="error"/> otherwise.</summary>
    public static CallRouteTarget? TryParse(string? text, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty (expected uri:sip:…, user:NAME, local:tone or app:NAME[:ARGUMENT])";
            return null;
        }
        if (text.StartsWith("uri:", StringComparison.OrdinalIgnoreCase))
        {
            if (SipUri.TryParse(text[4..], out var uri) && uri.IsSip && System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)) return new CallRouteTarget(CallRouteKind.Uri, uri);
            error = $"'{text}' is not a sip: URI with an IP address host (no DNS here)";
            return null;
        }
        if (text.StartsWith("user:", StringComparison.OrdinalIgnoreCase) && text.Length > 5) return new CallRouteTarget(CallRouteKind.User, User: text[5..]);
        if (text.Equals("local:tone", StringComparison.OrdinalIgnoreCase)) return new CallRouteTarget(CallRouteKind.LocalTone);
        if (text.StartsWith("app:", StringComparison.OrdinalIgnoreCase) && text.Length > 4)
        {
            var rest = text[4..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? rest : rest[..colon];
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return new CallRouteTarget(CallRouteKind.Application, Application: name.ToLowerInvariant(), Argument: colon < 0 ? null : rest[(colon + 1)..]);
        }
        error = $"'{text}' is not uri:sip:…, user:NAME, local:tone or app:NAME[:ARGUMENT]";
        return null;
    }

    public override string ToString() => Kind switch
    {
        CallRouteKind.Uri => "uri:" + Uri,
        CallRouteKind.User => "user:" + User,
        CallRouteKind.Application => Argument is null ? "app:" + Application : $"app:{Application}:{Argument}",
        _ => "local:tone",
    };
}

/// <summary>Called-number prefix → target. The empty prefix matches every number. <paramref name="Record"/>: record its calls.</summary>
public sealed record CallRoute(string Prefix, CallRouteTarget Target, bool Record = false);
