using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Core;

public enum SipVerdictKind
{
    /// <summary>Hand the message on (to transaction matching / the UA core).</summary>
    Accept,
    /// <summary>Answer the request with <see cref="SipVerdict.StatusCode"/> and do nothing else with it.</summary>
    Reply,
    /// <summary>Drop silently: it cannot or must not be answered.</summary>
    Discard,
}

/// <summary>What to do with one inbound message, decided before any transaction or dialog sees it.</summary>
public sealed record SipVerdict(SipVerdictKind Kind, int StatusCode, string ReasonPhrase, IReadOnlyList<SipHeader> ExtraHeaders)
{
    public static SipVerdict Accept { get; } = new(SipVerdictKind.Accept, 0, "", []);

    public static SipVerdict Discard(string why) => new(SipVerdictKind.Discard, 0, why, []);

    public static SipVerdict Reply(int statusCode, string reasonPhrase, params SipHeader[] extraHeaders) =>
        new(SipVerdictKind.Reply, statusCode, reasonPhrase, extraHeaders);
}
