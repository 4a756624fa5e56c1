using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Core;

/// <summary>
/// Decides whether a received response may reach transaction matching. Responses are never answered: anything
/// malformed is discarded, and so is a response with more than one Via (RFC 3261 §8.1.3.3: it was not meant for us).
/// </summary>
public static class SipResponseValidator
{
    public static SipVerdict Validate(in SipParseResult result)
    {
        if (result.Message is not SipResponse response) return SipVerdict.Discard(result.Error.ToReasonPhrase());
        if (!result.IsSuccess) return SipVerdict.Discard(result.Error.ToReasonPhrase());
        var vias = response.GetVias();
        if (vias is null || vias.Count == 0) return SipVerdict.Discard("Malformed or missing Via");
        if (vias.Count > 1) return SipVerdict.Discard("More than one Via");
        if (response.CSeq is null) return SipVerdict.Discard("Malformed or missing CSeq");
        if (string.IsNullOrEmpty(response.CallId)) return SipVerdict.Discard("Missing Call-ID");
        if (response.Headers.CountOf(SipHeaderId.From) != 1 || response.From is null) return SipVerdict.Discard("Malformed From");
        if (response.Headers.CountOf(SipHeaderId.To) != 1 || response.To is null) return SipVerdict.Discard("Malformed To");
        return SipVerdict.Accept;
    }
}
