using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Core;

/// <summary>Builds a response to a request per RFC 3261 §8.2.6: Via, From, To, Call-ID and CSeq copied as received.</summary>
public static class SipResponseFactory
{
    public static SipResponse Create(SipRequest request, int statusCode, string reasonPhrase, string? toTag = null, IEnumerable<SipHeader>? extraHeaders = null)
    {
        var headers = new SipHeaderCollection(8);
        foreach (var header in request.Headers)
        {
            switch (header.Id)
            {
                case SipHeaderId.Via:
                case SipHeaderId.From:
                case SipHeaderId.CallId:
                case SipHeaderId.CSeq:
                    headers.Add(header);
                    break;
                case SipHeaderId.To:
                    headers.Add(toTag is not null && statusCode > 100 && request.To is { Tag: null } ? WithTag(header, toTag) : header);
                    break;
            }
        }
        if (extraHeaders is not null)
        {
            foreach (var header in extraHeaders) headers.Add(header);
        }
        var response = new SipResponse(statusCode, reasonPhrase, headers);
        response.SetBody(ReadOnlyMemory<byte>.Empty);
        return response;
    }

    public static SipResponse Create(SipRequest request, SipVerdict verdict, string? toTag = null) =>
        Create(request, verdict.StatusCode, verdict.ReasonPhrase, toTag, verdict.ExtraHeaders);

    private static SipHeader WithTag(SipHeader to, string tag)
    {
        var value = new byte[to.Value.Length + 5 + tag.Length];
        to.Value.Span.CopyTo(value);
        ";tag="u8.CopyTo(value.AsSpan(to.Value.Length));
        System.Text.Encoding.ASCII.GetBytes(tag, value.AsSpan(to.Value.Length + 5));
        return new SipHeader(SipHeaderId.To, to.Name, value);
    }
}
