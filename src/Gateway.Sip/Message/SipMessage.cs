using System.Globalization;
using System.Text;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>
/// A SIP request or response. Header values and the body are slices of the received buffer (the buffer must
/// outlive the message); typed accessors parse on demand and return null / false for malformed values.
/// </summary>
public abstract class SipMessage
{
    public const string Version20 = "SIP/2.0";

    protected SipMessage(SipHeaderCollection headers, ReadOnlyMemory<byte> body)
    {
        Headers = headers;
        Body = body;
    }

    public SipHeaderCollection Headers { get; }
    public ReadOnlyMemory<byte> Body { get; private set; }

    public abstract bool IsRequest { get; }

    public string? CallId => Headers.GetFirstText(SipHeaderId.CallId);

    public SipVia? TopVia => Headers.GetValues(SipHeaderId.Via).First() is var top && !top.IsEmpty && SipVia.TryParse(top.Span, out var via) ? via : null;

    public SipCSeq? CSeq => Headers.TryGetFirst(SipHeaderId.CSeq, out var header) && SipCSeq.TryParse(header.Value.Span, out var cseq) ? cseq : null;

    public NameAddress? From => ParseNameAddress(SipHeaderId.From);

    public NameAddress? To => ParseNameAddress(SipHeaderId.To);

    public int? MaxForwards => Headers.TryGetFirst(SipHeaderId.MaxForwards, out var header)
        && SipLexer.TryParseDecimal(SipLexer.Trim(header.Value.Span), 255, out var hops) ? (int)hops : null;

    public int? ContentLength => Headers.TryGetFirst(SipHeaderId.ContentLength, out var header)
        && SipLexer.TryParseDecimal(SipLexer.Trim(header.Value.Span), int.MaxValue, out var length) ? (int)length : null;

    /// <summary>The media type without parameters, lower case (e.g. "application/sdp"), or null.</summary>
    public string? ContentType => Headers.GetFirstText(SipHeaderId.ContentType) is { } text ? MediaTypeOf(text) : null;

    /// <summary>All Via values in order, or null if one of them is malformed.</summary>
    public List<SipVia>? GetVias()
    {
        var vias = new List<SipVia>();
        foreach (var value in Headers.GetValues(SipHeaderId.Via))
        {
            if (!SipVia.TryParse(value.Span, out var via)) return null;
            vias.Add(via);
        }
        return vias;
    }

    /// <summary>Replaces the body and keeps Content-Length (and Content-Type when given) in step.</summary>
    public void SetBody(ReadOnlyMemory<byte> body, string? contentType = null)
    {
        Body = body;
        Headers.Set(SipHeaderId.ContentLength, body.Length.ToString(CultureInfo.InvariantCulture));
        if (contentType is not null) Headers.Set(SipHeaderId.ContentType, contentType);
        else if (body.IsEmpty) Headers.RemoveAll(SipHeaderId.ContentType);
    }

    internal static string MediaTypeOf(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = semicolon < 0 ? contentType : contentType[..semicolon];
        return string.Concat(type.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
    }

    private NameAddress? ParseNameAddress(SipHeaderId id) =>
        Headers.TryGetFirst(id, out var header) && NameAddress.TryParse(header.Value.Span, out var value) ? value : null;

    public override string ToString() => Encoding.UTF8.GetString(SipMessageSerializer.ToBytes(this));
}
