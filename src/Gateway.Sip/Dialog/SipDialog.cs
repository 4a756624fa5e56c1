using System.Globalization;
using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Dialog;

/// <summary>
/// Dialog state of RFC 3261 §12: id, local/remote URIs, sequence numbers, remote target and route set, and where
/// requests go. Builds in-dialog requests (§12.2.1.1) and checks in-dialog CSeq order (§12.2.2).
/// </summary>
public sealed class SipDialog
{
    private readonly object _gate = new();
    private long _localSequence;
    private long? _remoteSequence;

    private SipDialog(SipDialogId id, string localUri, string remoteUri, SipUri remoteTarget, IReadOnlyList<string> routeSet,
        long localSequence, long? remoteSequence, ISipTransport transport, IPEndPoint destination, string localContact)
    {
        Id = id;
        LocalUri = localUri;
        RemoteUri = remoteUri;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSequence = localSequence;
        _remoteSequence = remoteSequence;
        Transport = transport;
        Destination = destination;
        LocalContact = localContact;
    }

    public SipDialogId Id { get; }
    /// <summary>From (for our requests) without tag, as name-addr text.</summary>
    public string LocalUri { get; }
    public string RemoteUri { get; }
    public SipUri RemoteTarget { get; private set; }
    /// <summary>Route values in the order our requests carry them.</summary>
    public IReadOnlyList<string> RouteSet { get; }
    public ISipTransport Transport { get; }
    /// <summary>Where in-dialog requests are sent (the peer's address; no DNS here).</summary>
    public IPEndPoint Destination { get; private set; }
    public string LocalContact { get; }
    public bool IsConfirmed { get; private set; }
    public long LocalSequence => Interlocked.Read(ref _localSequence);

    /// <summary>UAS side (§12.1.1): from a dialog-creating request and the tag we give our response.</summary>
    public static SipDialog? CreateAsServer(SipRequest request, string localTag, IPEndPoint source, ISipTransport transport, string localContact)
    {
        if (request.CallId is not { } callId || request.From is not { Tag: { } remoteTag } from || request.To is not { } to || request.CSeq is not { } cseq) return null;
        var target = ContactUri(request.Headers) ?? from.Uri;
        var routes = request.Headers.GetValues(SipHeaderId.RecordRoute).ToTextList().Select(v => v.Trim()).ToArray();
        var dialog = new SipDialog(new SipDialogId(callId, localTag, remoteTag), WithoutTag(to), WithoutTag(from), target, routes,
            Random.Shared.Next(1, 10_000), cseq.Number, transport, ResolveDestination(target, source, transport), localContact);
        return dialog;
    }

    /// <summary>UAC side (§12.1.2): from our request and a 1xx/2xx with a To tag; the route set is the Record-Route reversed.</summary>
    public static SipDialog? CreateAsClient(SipRequest request, SipResponse response, IPEndPoint destination, ISipTransport transport, string localContact)
    {
        if (request.CallId is not { } callId || request.From is not { Tag: { } localTag } from || response.To is not { Tag: { } remoteTag } to || request.CSeq is not { } cseq) return null;
        var target = ContactUri(response.Headers) ?? request.RequestUri!;
        var routes = response.Headers.GetValues(SipHeaderId.RecordRoute).ToTextList().Select(v => v.Trim()).Reverse().ToArray();
        return new SipDialog(new SipDialogId(callId, localTag, remoteTag), WithoutTag(from), WithoutTag(to), target, routes,
            cseq.Number, null, transport, transport.IsReliable ? destination : ResolveDestination(target, destination, transport), localContact);
    }

    public void Confirm() => IsConfirmed = true;

    /// <summary>Our next request uses a CSeq above <paramref name="used"/> (e.g. after a PRACK in the early dialog).</summary>
    public void ContinueLocalSequence(long used)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _localSequence);
            if (current >= used) return;
        }
        while (Interlocked.CompareExchange(ref _localSequence, used, current) != current);
    }

    /// <summary>A target refresh (re-INVITE, UPDATE and their 2xx) replaces the remote target (§12.2).</summary>
    public void RefreshTarget(SipMessage message)
    {
        if (ContactUri(message.Headers) is not { } target) return;
        lock (_gate)
        {
            RemoteTarget = target;
            if (!Transport.IsReliable) Destination = ResolveDestination(target, Destination, Transport);
        }
    }

    /// <summary>§12.2.2: a lower CSeq than the last one is out of order (500); equal is a retransmission we never see here.</summary>
    public bool TryAcceptRemoteSequence(long number)
    {
        lock (_gate)
        {
            if (_remoteSequence is { } last && number <= last) return false;
            _remoteSequence = number;
            return true;
        }
    }

    /// <summary>§12.2.1.1: a new request in this dialog with the next CSeq (ACK and CANCEL reuse theirs, so not here).</summary>
    public SipRequest CreateRequest(string method)
    {
        var number = Interlocked.Increment(ref _localSequence);
        return BuildRequest(method, number);
    }

    /// <summary>The ACK for a 2xx to our INVITE (§13.2.2.4): the INVITE's CSeq number, a new branch.</summary>
    public SipRequest CreateAck(long inviteSequence) => BuildRequest(SipMethods.Ack, inviteSequence);

    private SipRequest BuildRequest(string method, long number)
    {
        SipUri requestUri;
        lock (_gate) requestUri = RemoteTarget;
        var headers = new SipHeaderCollection(12);
        headers.Add(SipHeaderId.Via, $"SIP/2.0/{ViaTransport()} {HostPort(Transport.LocalEndPoint)};branch={SipBranch.New()};rport");
        headers.Add(SipHeaderId.MaxForwards, "70");
        foreach (var route in RouteSet) headers.Add(SipHeaderId.Route, route);
        headers.Add(SipHeaderId.From, $"{LocalUri};tag={Id.LocalTag}");
        headers.Add(SipHeaderId.To, $"{RemoteUri};tag={Id.RemoteTag}");
        headers.Add(SipHeaderId.CallId, Id.CallId);
        headers.Add(SipHeaderId.CSeq, number.ToString(CultureInfo.InvariantCulture) + " " + method);
        if (method is not (SipMethods.Ack or SipMethods.Bye)) headers.Add(SipHeaderId.Contact, LocalContact);
        var request = new SipRequest(method, requestUri, headers);
        request.SetBody(ReadOnlyMemory<byte>.Empty);
        return request;
    }

    private string ViaTransport() => Transport.Protocol.ToString().ToUpperInvariant();

    internal static string HostPort(IPEndPoint endPoint) => endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{endPoint.Address}]:{endPoint.Port}"
        : $"{endPoint.Address}:{endPoint.Port}";

    private static string WithoutTag(NameAddress address)
    {
        var copy = new NameAddress(address.Uri, address.DisplayName, [.. address.Parameters]);
        copy.Parameters.Remove("tag");
        return copy.ToString();
    }

    private static SipUri? ContactUri(SipHeaderCollection headers)
    {
        var first = headers.GetValues(SipHeaderId.Contact).First();
        return !first.IsEmpty && NameAddress.TryParse(first.Span, out var contact) ? contact.Uri : null;
    }

    /// <summary>
    /// Over UDP we follow the remote target when it is a literal address; otherwise (names, or a stream
    /// connection the peer opened) the packet source, which is also right behind NAT.
    /// </summary>
    private static IPEndPoint ResolveDestination(SipUri target, IPEndPoint fallback, ISipTransport transport)
    {
        if (transport.IsReliable) return fallback;
        return IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) ? new IPEndPoint(address, target.Port ?? 5060) : fallback;
    }
}
