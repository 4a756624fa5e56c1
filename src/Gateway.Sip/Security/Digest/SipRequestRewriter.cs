using System.Globalization;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Transaction;

namespace Gateway.Sip.Security.Digest;

/// <summary>Builds the retry of a challenged request: a new transaction (new branch, next CSeq) carrying credentials.</summary>
internal static class SipRequestRewriter
{
    public static SipRequest ForRetry(SipRequest original, SipHeader credentials)
    {
        var headers = new SipHeaderCollection(original.Headers.Count + 1);
        var viaDone = false;
        foreach (var header in original.Headers)
        {
            if (header.Id == credentials.Id) continue;
            if (header.Id == SipHeaderId.Via && !viaDone)
            {
                headers.Add(WithNewBranch(header));
                viaDone = true;
                continue;
            }
            if (header.Id == SipHeaderId.CSeq && original.CSeq is { } cseq)
            {
                headers.Add(SipHeaderId.CSeq, $"{(cseq.Number + 1).ToString(CultureInfo.InvariantCulture)} {cseq.Method}");
                continue;
            }
            headers.Add(header);
        }
        headers.Add(credentials);
        var retry = new SipRequest(original.Method, original.RequestUri ?? throw new ArgumentException("Request-URI is malformed.", nameof(original)), headers);
        retry.SetBody(original.Body);
        return retry;
    }

    private static SipHeader WithNewBranch(SipHeader via)
    {
        var raw = via.ValueText;
        var comma = raw.IndexOf(',', StringComparison.Ordinal);
        var top = comma < 0 ? raw : raw[..comma];
        if (!SipVia.TryParse(top, out var parsed)) return via;
        parsed.Parameters.Set("branch", SipBranch.New());
        var rest = comma < 0 ? "" : raw[comma..];
        return new SipHeader(SipHeaderId.Via, via.Name, Encoding.UTF8.GetBytes(parsed + rest));
    }
}
