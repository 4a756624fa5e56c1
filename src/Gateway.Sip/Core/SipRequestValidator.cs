using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Core;

/// <summary>
/// The checks a UAS core makes before a request reaches its method handler, in the order RFC 4475 needs them:
/// framing and syntax (400 / 505) first, then RFC 3261 §8.2.2 (416, 483, 420) and §8.2.3 (415, 406).
/// Method support (405 / 501) is left to the UA core, which knows its methods. ACK is never answered.
/// </summary>
public sealed class SipRequestValidator(SipUasCapabilities? capabilities = null)
{
    private static readonly SipHeaderId[] SingleValueHeaders =
        [SipHeaderId.CallId, SipHeaderId.From, SipHeaderId.To, SipHeaderId.CSeq, SipHeaderId.MaxForwards, SipHeaderId.ContentType, SipHeaderId.Expires];

    private readonly SipUasCapabilities _capabilities = capabilities ?? SipUasCapabilities.Default;

    /// <summary>Decides for a parse outcome; responses go to <see cref="SipResponseValidator"/>.</summary>
    public SipVerdict Validate(in SipParseResult result)
    {
        if (result.Message is SipResponse || result.Message is null) return SipResponseValidator.Validate(result);
        var request = (SipRequest)result.Message;
        var verdict = Decide(request, result.Error);
        return verdict.Kind == SipVerdictKind.Reply && request.Method == SipMethods.Ack ? SipVerdict.Discard($"ACK not answered: {verdict.ReasonPhrase}") : verdict;
    }

    public SipVerdict Validate(SipRequest request) => Validate(new SipParseResult(SipParseError.None, request, 0));

    private SipVerdict Decide(SipRequest request, SipParseError parseError)
    {
        // Without any Via there is nowhere to send a response.
        if (!request.Headers.Contains(SipHeaderId.Via)) return SipVerdict.Discard("Missing Via");
        if (parseError == SipParseError.UnsupportedVersion) return SipVerdict.Reply(505, "Version Not Supported");
        if (parseError != SipParseError.None) return BadRequest(parseError.ToReasonPhrase());
        return CheckSyntax(request) ?? CheckRequestUri(request) ?? CheckExtensions(request) ?? CheckBody(request) ?? SipVerdict.Accept;
    }

    private static SipVerdict? CheckSyntax(SipRequest request)
    {
        var missing = new List<string>(4);
        foreach (var id in (ReadOnlySpan<SipHeaderId>)[SipHeaderId.CallId, SipHeaderId.From, SipHeaderId.To, SipHeaderId.CSeq])
        {
            if (!request.Headers.Contains(id)) missing.Add(SipHeaderNames.CanonicalText(id));
        }
        if (missing.Count > 0) return BadRequest("Missing " + string.Join(", ", missing));
        foreach (var id in SingleValueHeaders)
        {
            if (request.Headers.CountOf(id) > 1) return BadRequest("Multiple " + SipHeaderNames.CanonicalText(id) + " Values");
        }
        if (request.GetVias() is null) return BadRequest("Malformed Via");
        if (request.From is null) return BadRequest("Malformed From");
        if (request.To is null) return BadRequest("Malformed To");
        if (!IsValidCallId(request.Headers.GetValues(SipHeaderId.CallId).First().Span)) return BadRequest("Malformed Call-ID");
        if (request.CSeq is not { } cseq) return BadRequest("Malformed CSeq");
        if (cseq.Method != request.Method) return BadRequest("CSeq Method Does Not Match Request-Line");
        if (request.Headers.Contains(SipHeaderId.MaxForwards) && request.MaxForwards is null) return BadRequest("Malformed Max-Forwards");
        if (!AllNameAddresses(request, SipHeaderId.Contact, allowStar: request.Method == SipMethods.Register)) return BadRequest("Malformed Contact");
        if (!AllNameAddresses(request, SipHeaderId.Route, allowStar: false)) return BadRequest("Malformed Route");
        if (!AllNameAddresses(request, SipHeaderId.RecordRoute, allowStar: false)) return BadRequest("Malformed Record-Route");
        if (request.Headers.GetFirstText(SipHeaderId.Date) is { } date && !date.TrimEnd().EndsWith(" GMT", StringComparison.Ordinal)) return BadRequest("Malformed Date");
        if (request.ContentType is { } type && !IsMediaType(type)) return BadRequest("Malformed Content-Type");
        return null;
    }

    private SipVerdict? CheckRequestUri(SipRequest request)
    {
        if (request.RequestUri is not { } uri) return BadRequest("Malformed Request-URI");
        if (!_capabilities.UriSchemes.Contains(uri.Scheme)) return SipVerdict.Reply(416, "Unsupported URI Scheme");
        if (uri.Headers is not null) return BadRequest("Request-URI Must Not Contain Headers");
        // RFC 3261 §16.3: a request that would be forwarded on with no hops left.
        if (request.MaxForwards == 0) return SipVerdict.Reply(483, "Too Many Hops");
        return null;
    }

    private SipVerdict? CheckExtensions(SipRequest request)
    {
        if (request.Method is SipMethods.Cancel or SipMethods.Ack) return null;
        List<string>? unsupported = null;
        foreach (var tag in request.Headers.GetValues(SipHeaderId.Require))
        {
            var text = SipLexer.ToText(tag.Span);
            if (text.Length > 0 && !_capabilities.Extensions.Contains(text)) (unsupported ??= []).Add(text);
        }
        return unsupported is null ? null : SipVerdict.Reply(420, "Bad Extension", SipHeader.Create(SipHeaderId.Unsupported, string.Join(", ", unsupported)));
    }

    private SipVerdict? CheckBody(SipRequest request)
    {
        if (!request.Body.IsEmpty)
        {
            if (request.ContentType is not { } type) return BadRequest("Missing Content-Type");
            if (!_capabilities.ContentTypes.Contains(type))
                return SipVerdict.Reply(415, "Unsupported Media Type", SipHeader.Create(SipHeaderId.Accept, string.Join(", ", _capabilities.ContentTypes)));
            foreach (var encoding in request.Headers.GetValues(SipHeaderId.ContentEncoding))
            {
                if (!SipLexer.Trim(encoding.Span).SequenceEqual("identity"u8))
                    return SipVerdict.Reply(415, "Unsupported Media Type", SipHeader.Create(SipHeaderId.AcceptEncoding, "identity"));
            }
        }
        if (request.Method == SipMethods.Invite && request.Headers.Contains(SipHeaderId.Accept) && !AcceptsSessionDescription(request))
            return SipVerdict.Reply(406, "Not Acceptable");
        return null;
    }

    private bool AcceptsSessionDescription(SipRequest request)
    {
        var wanted = _capabilities.SessionDescriptionType;
        var wantedMajor = wanted[..(wanted.IndexOf('/') + 1)] + "*";
        foreach (var value in request.Headers.GetValues(SipHeaderId.Accept))
        {
            var type = SipMessage.MediaTypeOf(SipLexer.ToText(value.Span));
            if (type.Length == 0 || type == wanted || type == wantedMajor || type == "*/*") return true;
        }
        return false;
    }

    private static bool AllNameAddresses(SipRequest request, SipHeaderId id, bool allowStar)
    {
        foreach (var value in request.Headers.GetValues(id))
        {
            if (allowStar && value.Span.SequenceEqual("*"u8)) continue;
            if (!NameAddress.TryParse(value.Span, out _)) return false;
        }
        return true;
    }

    /// <summary>callid = word [ "@" word ].</summary>
    private static bool IsValidCallId(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        var at = value.IndexOf((byte)'@');
        return at < 0 ? IsWord(value) : IsWord(value[..at]) && IsWord(value[(at + 1)..]);
    }

    private static bool IsWord(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
        {
            if (!SipCharClass.IsWordChar(b)) return false;
        }
        return true;
    }

    private static bool IsMediaType(string type)
    {
        var slash = type.IndexOf('/');
        return slash > 0 && slash < type.Length - 1 && SipCharClass.IsTokenSpan(System.Text.Encoding.ASCII.GetBytes(type[..slash]))
            && SipCharClass.IsTokenSpan(System.Text.Encoding.ASCII.GetBytes(type[(slash + 1)..]));
    }

    private static SipVerdict BadRequest(string reason) => SipVerdict.Reply(400, reason);
}
