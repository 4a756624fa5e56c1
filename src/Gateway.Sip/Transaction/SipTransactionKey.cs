using Gateway.Sip.Message;

namespace Gateway.Sip.Transaction;

/// <summary>
/// Transaction identity. Server side (RFC 3261 §17.2.3): branch + sent-by + method when the branch carries the
/// magic cookie; otherwise the RFC 2543 fallback on Request-URI, From tag, Call-ID, CSeq number and top Via.
/// ACK takes the INVITE's method so it finds the INVITE transaction. Client side (§17.1.3): branch + CSeq method.
/// </summary>
public readonly record struct SipTransactionKey(string Value)
{
    public static SipTransactionKey? ForServer(SipRequest request, string? methodOverride = null)
    {
        var via = request.TopVia;
        if (via is null) return null;
        var method = methodOverride ?? (request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method);
        if (via.HasMagicCookie)
        {
            return new SipTransactionKey($"3261|{via.Branch}|{SentBy(via)}|{method}");
        }
        var cseq = request.CSeq;
        if (cseq is null) return null;
        var requestUri = System.Text.Encoding.UTF8.GetString(request.RequestUriBytes.Span);
        return new SipTransactionKey($"2543|{requestUri}|{request.From?.Tag}|{request.CallId}|{cseq.Value.Number}|{via}|{method}");
    }

    public static SipTransactionKey? ForClient(SipMessage message)
    {
        var branch = message.TopVia?.Branch;
        var method = message.CSeq?.Method;
        if (branch is null || method is null) return null;
        return new SipTransactionKey($"{branch}|{(method == SipMethods.Ack ? SipMethods.Invite : method)}");
    }

    private static string SentBy(SipVia via) => via.Port is { } port ? $"{via.Host.ToLowerInvariant()}:{port}" : via.Host.ToLowerInvariant();
}
