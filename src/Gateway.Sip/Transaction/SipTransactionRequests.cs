using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Transaction;

/// <summary>Requests the transaction layer builds itself: ACK for a non-2xx (§17.1.1.3) and CANCEL (§9.1).</summary>
public static class SipTransactionRequests
{
    /// <summary>Same Request-URI, Call-ID, From, CSeq number, top Via and Route as the INVITE; To from the response.</summary>
    public static SipRequest CreateAck(SipRequest invite, SipResponse response)
    {
        var ack = CopyCore(invite, SipMethods.Ack, response.Headers);
        return ack;
    }

    /// <summary>Same Request-URI, Call-ID, To, From, CSeq number, top Via (so the same branch) and Route as the INVITE.</summary>
    public static SipRequest CreateCancel(SipRequest invite) => CopyCore(invite, SipMethods.Cancel, invite.Headers);

    private static SipRequest CopyCore(SipRequest invite, string method, SipHeaderCollection toSource)
    {
        var headers = new SipHeaderCollection(8);
        if (invite.Headers.TryGetFirst(SipHeaderId.Via, out var via))
        {
            var topValue = invite.Headers.GetValues(SipHeaderId.Via).First();
            headers.Add(new SipHeader(SipHeaderId.Via, via.Name, topValue));
        }
        headers.Add(SipHeaderId.MaxForwards, "70");
        foreach (var header in invite.Headers)
        {
            if (header.Id is SipHeaderId.From or SipHeaderId.CallId or SipHeaderId.Route) headers.Add(header);
        }
        if (toSource.TryGetFirst(SipHeaderId.To, out var to)) headers.Add(to);
        headers.Add(SipHeaderId.CSeq, $"{invite.CSeq?.Number ?? 0} {method}");
        var request = new SipRequest(method, invite.RequestUri ?? throw new ArgumentException("INVITE has no valid Request-URI", nameof(invite)), headers);
        request.SetBody(ReadOnlyMemory<byte>.Empty);
        return request;
    }
}
