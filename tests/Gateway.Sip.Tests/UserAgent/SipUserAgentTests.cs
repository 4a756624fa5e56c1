using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Transaction;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.UserAgent;

public sealed class SipUserAgentTests
{
    private const string Offer = "v=0\r\no=trunk 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    private readonly FakeTimeProvider _time = new();
    private readonly FakeTransport _udp = new();
    private readonly SipUserAgent _agent;
    private readonly List<IncomingSession> _calls = [];

    public SipUserAgentTests() : this(null)
    {
    }

    private SipUserAgentTests(ISipRequestGate? gate)
    {
        var layer = new SipTransactionLayer(_time);
        _agent = new SipUserAgent(layer, gate: gate, time: _time);
        _agent.AddTransport(_udp);
        _agent.IncomingCall += _calls.Add;
    }

    private static string Invite(string extraHeaders = "", string body = Offer, int cseq = 1, string toTag = "", string branch = "z9hG4bKinv1") =>
        $"INVITE sip:110@192.0.2.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:13800138000@192.0.2.10>;tag=caller\r\n" +
        $"To: <sip:110@192.0.2.1>{(toTag.Length > 0 ? ";tag=" + toTag : "")}\r\n" +
        "Call-ID: ua-1@192.0.2.10\r\n" +
        $"CSeq: {cseq} INVITE\r\n" +
        "Contact: <sip:13800138000@192.0.2.10:5060>\r\n" +
        extraHeaders +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
        $"Content-Length: {body.Length}\r\n\r\n" + body;

    private static string InDialog(string method, int cseq, string toTag, string extraHeaders = "", string body = "", string branch = "z9hG4bKind") =>
        $"{method} sip:gw@192.0.2.1:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch}{cseq}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:13800138000@192.0.2.10>;tag=caller\r\n" +
        $"To: <sip:110@192.0.2.1>;tag={toTag}\r\n" +
        "Call-ID: ua-1@192.0.2.10\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        extraHeaders +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
        $"Content-Length: {body.Length}\r\n\r\n" + body;

    private IncomingSession AnsweredCall(string inviteHeaders = "")
    {
        _udp.Receive(Invite(inviteHeaders));
        var call = Assert.Single(_calls);
        var answer = _agent.Negotiator.Answer(call.RemoteSdp!, "192.0.2.1", 20000)!;
        Assert.True(call.Answer(answer.Answer));
        return call;
    }

    private int Sent(int status) => _udp.SentResponses.Count(r => r.StatusCode == status);

    [Fact]
    public void Ringing_toward_a_100rel_caller_is_reliable_and_resent_until_the_matching_prack()
    {
        _udp.Receive(Invite("Supported: timer, 100rel\r\n"));
        var call = Assert.Single(_calls);
        call.Ring();
        var ringing = Assert.Single(_udp.SentResponses, r => r.StatusCode == 180);
        Assert.Equal("100rel", ringing.Headers.GetFirstText(SipHeaderId.Require));
        var rseq = ringing.Headers.GetFirstText(SipHeaderId.RSeq)!;

        _time.Advance(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, Sent(180)); // T1, then 2·T1
        call.Ring(); // a second reliable 18x waits for the first's PRACK (RFC 3262 §3)
        Assert.Equal(3, Sent(180));

        _udp.Receive(InDialog("PRACK", 2, call.LocalTag, $"RAck: {long.Parse(rseq) + 1} 1 INVITE\r\n"));
        Assert.Equal(481, _udp.SentResponses[^1].StatusCode); // wrong RSeq
        _udp.Receive(InDialog("PRACK", 3, call.LocalTag, $"RAck: {rseq} 1 INVITE\r\n"));
        Assert.Equal(200, _udp.SentResponses[^1].StatusCode);
        Assert.Equal("PRACK", _udp.SentResponses[^1].CSeq!.Value.Method);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Sent(180));
        Assert.Equal(2, call.ProvisionalRetransmissions);
    }

    [Fact]
    public void Ringing_toward_a_caller_without_100rel_is_plain()
    {
        _udp.Receive(Invite());
        Assert.Single(_calls).Ring();
        _time.Advance(TimeSpan.FromSeconds(5));
        var ringing = Assert.Single(_udp.SentResponses, r => r.StatusCode == 180);
        Assert.Null(ringing.Headers.GetFirstText(SipHeaderId.RSeq));
    }

    [Fact]
    public void Refer_with_a_transfer_handler_gets_202_and_a_sipfrag_notify_then_the_outcome()
    {
        var call = AnsweredCall();
        SipUri? referred = null;
        call.TransferHandler = (_, uri) =>
        {
            referred = uri;
            return true;
        };
        _udp.Receive(InDialog("REFER", 2, call.LocalTag, "Refer-To: <sip:12345@192.0.2.1>\r\n"));

        Assert.Equal(202, _udp.SentResponses[^1].StatusCode);
        Assert.Equal("12345", referred?.User);
        var trying = Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Notify);
        Assert.Equal("refer", trying.Headers.GetFirstText(SipHeaderId.Event));
        Assert.StartsWith("active", SubscriptionState(trying), StringComparison.Ordinal);
        Assert.Equal("SIP/2.0 100 Trying\r\n", System.Text.Encoding.ASCII.GetString(trying.Body.Span));

        call.NotifyTransferProgress(200, "OK", final: true);
        var outcome = _udp.SentRequests.Last(r => r.Method == SipMethods.Notify);
        Assert.StartsWith("terminated", SubscriptionState(outcome), StringComparison.Ordinal);
        Assert.True(outcome.CSeq!.Value.Number > trying.CSeq!.Value.Number);
    }

    private static string? SubscriptionState(SipMessage message) => message.Headers.TryGetFirst("Subscription-State", out var header) ? header.ValueText : null;

    [Fact]
    public void Refer_without_a_transfer_handler_is_declined()
    {
        var call = AnsweredCall();
        _udp.Receive(InDialog("REFER", 2, call.LocalTag, "Refer-To: <sip:12345@192.0.2.1>\r\n"));
        Assert.Equal(603, _udp.SentResponses[^1].StatusCode);
    }

    [Fact]
    public void Answer_is_retransmitted_until_the_ack_arrives()
    {
        var call = AnsweredCall();
        Assert.Equal(1, Sent(200));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, Sent(200));

        _udp.Receive(InDialog("ACK", 1, call.LocalTag, branch: "z9hG4bKack"));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, Sent(200));
        Assert.Equal(2, call.AnswerRetransmissions);
        Assert.Equal(SipSessionState.Confirmed, call.State);
        Assert.True(call.Dialog!.IsConfirmed);
    }

    [Fact]
    public void Without_an_ack_the_answer_is_retransmitted_capped_at_t2_then_the_call_is_cleared_with_bye_after_64_t1()
    {
        var call = AnsweredCall();
        SipSessionEnd? end = null;
        call.Ended += (_, e) => end = e;

        // Small steps: FakeTimeProvider fires a timer once per Advance, and each retransmission re-arms it.
        for (var step = 0; step < 319; step++) _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Null(end);
        _time.Advance(TimeSpan.FromMilliseconds(200));

        // 0.5 + 1 + 2 + 4 + 4·6 = 31.5 s: 10 retransmissions before timer H (32 s).
        Assert.Equal(11, Sent(200));
        Assert.Equal(SipSessionEndKind.AckTimeout, end!.Kind);
        var bye = Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Bye);
        Assert.Contains("408", bye.Headers.GetFirstText(SipHeaderId.Reason), StringComparison.Ordinal);
        Assert.Equal(0, _agent.SessionCount);
    }

    [Fact]
    public void Bye_ends_the_call_and_a_second_bye_finds_no_dialog()
    {
        var call = AnsweredCall();
        _udp.Receive(InDialog("ACK", 1, call.LocalTag, branch: "z9hG4bKack"));

        _udp.Receive(InDialog("BYE", 2, call.LocalTag));
        _udp.Receive(InDialog("BYE", 3, call.LocalTag));

        Assert.Equal(SipSessionEndKind.RemoteHangUp, call.End!.Kind);
        Assert.Equal(1, _udp.SentResponses.Count(r => r.StatusCode == 200 && r.CSeq!.Value.Method == SipMethods.Bye));
        Assert.Equal(1, Sent(481));
    }

    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INFO")]
    public void In_dialog_requests_for_unknown_dialogs_get_481(string method)
    {
        _udp.Receive(InDialog(method, 5, "nosuchtag"));

        Assert.Equal(1, Sent(481));
    }

    [Fact]
    public void Options_gets_200_with_allow_and_supported()
    {
        _udp.Receive(Messages.Request("OPTIONS"));

        var ok = Assert.Single(_udp.SentResponses, r => r.StatusCode == 200);
        Assert.Contains("UPDATE", ok.Headers.GetFirstText(SipHeaderId.Allow), StringComparison.Ordinal);
        Assert.Contains("timer", ok.Headers.GetFirstText(SipHeaderId.Supported), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_small_session_interval_gets_422_with_our_min_se()
    {
        _udp.Receive(Invite("Session-Expires: 60\r\nSupported: timer\r\n"));

        var rejected = Assert.Single(_udp.SentResponses, r => r.StatusCode == 422);
        Assert.Equal("90", rejected.Headers.GetFirstText(SipHeaderId.MinSE));
        Assert.Empty(_calls);
    }

    [Fact]
    public void Caller_that_supports_timers_refreshes_and_its_update_is_answered_and_restarts_the_timer()
    {
        var call = AnsweredCall("Session-Expires: 1800\r\nSupported: timer\r\n");
        var ok = _udp.SentResponses.First(r => r.StatusCode == 200);
        Assert.Equal("1800;refresher=uac", ok.Headers.GetFirstText(SipHeaderId.SessionExpires));
        _udp.Receive(InDialog("ACK", 1, call.LocalTag, branch: "z9hG4bKack"));

        _time.Advance(TimeSpan.FromSeconds(900));
        _udp.Receive(InDialog("UPDATE", 2, call.LocalTag, "Session-Expires: 1800;refresher=uac\r\n"));
        var refreshed = _udp.SentResponses.Last();
        Assert.Equal((200, SipMethods.Update), (refreshed.StatusCode, refreshed.CSeq!.Value.Method));
        Assert.Equal("1800;refresher=uac", refreshed.Headers.GetFirstText(SipHeaderId.SessionExpires));

        // Without the refresh the session would have expired at 1800 − 32 s; after it, it lives on.
        _time.Advance(TimeSpan.FromSeconds(1000));
        Assert.Null(call.End);
        _time.Advance(TimeSpan.FromSeconds(800));
        Assert.Equal(SipSessionEndKind.SessionExpired, call.End!.Kind);
    }

    [Fact]
    public void When_the_caller_has_no_timer_support_we_refresh_with_update_at_half_the_interval()
    {
        var call = AnsweredCall("Session-Expires: 120\r\n");
        _udp.Receive(InDialog("ACK", 1, call.LocalTag, branch: "z9hG4bKack"));
        Assert.True(call.WeRefreshSession);

        _time.Advance(TimeSpan.FromSeconds(60));

        var update = Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Update);
        Assert.StartsWith("120", update.Headers.GetFirstText(SipHeaderId.SessionExpires), StringComparison.Ordinal);
        Assert.Equal("caller", update.To!.Tag);
    }

    [Fact]
    public void Reinvite_with_sendonly_puts_us_on_hold_with_recvonly_and_the_same_sdp_session()
    {
        var call = AnsweredCall();
        _udp.Receive(InDialog("ACK", 1, call.LocalTag, branch: "z9hG4bKack"));
        var firstAnswer = call.LocalSdp!;
        SdpAnswerResult? changed = null;
        call.RemoteMediaChanged += (_, media) => changed = media;

        _udp.Receive(InDialog("INVITE", 2, call.LocalTag, body: Offer + "a=sendonly\r\n"));

        var ok = _udp.SentResponses.Last(r => r.StatusCode == 200);
        Assert.Equal(SdpParseError.None, SdpParser.TryParse(ok.Body.Span, out var answer));
        Assert.Equal(SdpDirection.RecvOnly, answer.Audio!.Direction);
        Assert.Equal(firstAnswer.SessionId, answer.SessionId);
        Assert.Equal(firstAnswer.SessionVersion + 1, answer.SessionVersion);
        Assert.True(changed!.IsHold);
    }

    [Fact]
    public void Cancel_before_the_answer_gets_487_and_raises_cancelled()
    {
        _udp.Receive(Invite());
        var call = Assert.Single(_calls);
        var cancelled = false;
        call.Cancelled += _ => cancelled = true;
        call.Ring();

        _udp.Receive(Invite(body: "").Replace("INVITE sip", "CANCEL sip", StringComparison.Ordinal).Replace("1 INVITE", "1 CANCEL", StringComparison.Ordinal));

        Assert.True(cancelled);
        Assert.Equal(1, Sent(487));
        Assert.Equal(SipSessionEndKind.Cancelled, call.End!.Kind);
    }

    [Fact]
    public void Invite_with_an_unusable_offer_can_be_rejected_488_by_the_application()
    {
        _udp.Receive(Invite(body: Offer.Replace("8 101", "18", StringComparison.Ordinal).Replace("a=rtpmap:8 PCMA/8000", "a=rtpmap:18 G729/8000", StringComparison.Ordinal)));
        var call = Assert.Single(_calls);

        Assert.Null(_agent.Negotiator.Answer(call.RemoteSdp!, "192.0.2.1", 20000));
        call.Reject(488, "Not Acceptable Here");

        Assert.Equal(1, Sent(488));
    }

    [Fact]
    public void The_request_gate_can_refuse_before_the_application_sees_the_call()
    {
        var gate = new RefusingGate();
        var test = new SipUserAgentTests(gate);

        test._udp.Receive(Invite());

        Assert.Empty(test._calls);
        var forbidden = Assert.Single(test._udp.SentResponses, r => r.StatusCode == 403);
        Assert.Equal("Digest realm=\"gw\"", forbidden.Headers.GetFirstText(SipHeaderId.WwwAuthenticate));
        Assert.Equal(IPAddress.Parse("192.0.2.10"), gate.LastSource!.Address);
    }

    [Fact]
    public void Outgoing_call_acks_the_200_end_to_end_and_acks_its_retransmission_again()
    {
        var offer = _agent.Negotiator.CreateOffer("192.0.2.1", 20002);
        SipResponse? answered = null;
        var session = _agent.Call(new OutgoingCallRequest(SipUri.Sip("12345", "192.0.2.10"), FakeTransport.Peer, SipTransportProtocol.Udp, "110", "192.0.2.1", offer),
            s => s.Answered += (_, response, _) => answered = response);
        var invite = Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Invite);
        var ok = OkFor(invite);

        _udp.Receive(ok);
        _udp.Receive(ok);

        Assert.NotNull(answered);
        Assert.Equal(2, _udp.SentRequests.Count(r => r.Method == SipMethods.Ack));
        Assert.Equal(SipSessionState.Confirmed, session.State);
        session.HangUp();
        Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Bye);
    }

    [Fact]
    public void Hanging_up_during_our_reinvite_acks_its_200_before_the_bye()
    {
        var offer = _agent.Negotiator.CreateOffer("192.0.2.1", 20002);
        var session = _agent.Call(new OutgoingCallRequest(SipUri.Sip("12345", "192.0.2.10"), FakeTransport.Peer, SipTransportProtocol.Udp, "110", "192.0.2.1", offer), _ => { });
        _udp.Receive(OkFor(Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Invite)));
        Assert.Equal(SipSessionState.Confirmed, session.State);

        session.Reoffer(offer with { SessionVersion = offer.SessionVersion + 1, Direction = SdpDirection.SendOnly });
        var reinvite = _udp.SentRequests.Last(r => r.Method == SipMethods.Invite);
        session.HangUp();
        Assert.DoesNotContain(_udp.SentRequests, r => r.Method == SipMethods.Bye);
        Assert.Equal(SipSessionState.Terminated, session.State);

        _udp.Receive(OkFor(reinvite, toTagged: true));
        var order = _udp.SentRequests.Select(r => r.Method).Where(m => m == SipMethods.Ack || m == SipMethods.Bye).ToList();
        Assert.Equal([SipMethods.Ack, SipMethods.Ack, SipMethods.Bye], order);
        Assert.True(_udp.SentRequests.Single(r => r.Method == SipMethods.Bye).CSeq!.Value.Number > reinvite.CSeq!.Value.Number);
    }

    private static string OkFor(SipRequest invite, bool toTagged = false) =>
        "SIP/2.0 200 OK\r\n" +
        $"Via: {invite.Headers.GetFirstText(SipHeaderId.Via)}\r\n" +
        $"From: {invite.Headers.GetFirstText(SipHeaderId.From)}\r\n" +
        $"To: {invite.Headers.GetFirstText(SipHeaderId.To)}{(toTagged ? "" : ";tag=callee")}\r\n" +
        $"Call-ID: {invite.CallId}\r\n" +
        $"CSeq: {invite.CSeq!.Value.Number} INVITE\r\n" +
        "Contact: <sip:agent@192.0.2.10:5060>\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Offer.Length}\r\n\r\n" + Offer;

    private sealed class RefusingGate : ISipRequestGate
    {
        public IPEndPoint? LastSource { get; private set; }

        public SipGateDecision Check(SipRequest request, IPEndPoint source, ISipTransport transport)
        {
            LastSource = source;
            return SipGateDecision.Reject(403, "Forbidden", ("WWW-Authenticate", "Digest realm=\"gw\""));
        }
    }
}
