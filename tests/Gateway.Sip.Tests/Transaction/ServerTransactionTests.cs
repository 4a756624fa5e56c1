using Gateway.Sip.Message;
using Gateway.Sip.Transaction;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transaction;

public sealed class ServerTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeTransport _udp = new();
    private readonly SipTransactionLayer _layer;
    private readonly List<SipServerTransaction> _requests = [];
    private readonly List<SipTransactionEnd> _ends = [];

    public ServerTransactionTests()
    {
        _layer = new SipTransactionLayer(_time);
        _layer.Attach(_udp);
        _layer.RequestReceived += t =>
        {
            _requests.Add(t);
            t.Terminated += (_, end) => _ends.Add(end);
        };
    }

    private int ResponsesWith(int code) => _udp.SentResponses.Count(r => r.StatusCode == code);

    [Fact]
    public void Invite_gets_100_trying_and_retransmissions_are_absorbed()
    {
        _udp.Receive(Messages.Request("INVITE"));
        _udp.Receive(Messages.Request("INVITE"));

        var transaction = Assert.Single(_requests);
        Assert.IsType<InviteServerTransaction>(transaction);
        Assert.Equal(2, ResponsesWith(100)); // the retransmission re-sends the last provisional
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);

        transaction.SendResponse(Core.SipResponseFactory.Create(transaction.Request, 180, "Ringing", "gw"));
        _udp.Receive(Messages.Request("INVITE"));
        Assert.Equal(2, ResponsesWith(180));
    }

    [Fact]
    public void Malformed_invite_gets_its_400_without_a_100_trying_first()
    {
        _udp.Receive(Messages.Request("INVITE", cseqMethod: "BYE"));

        Assert.Empty(_requests);
        Assert.Equal([400], _udp.SentResponses.Select(r => r.StatusCode));
    }

    [Fact]
    public void Non_2xx_final_is_retransmitted_by_timer_G_until_ack_then_timer_I_ends_it()
    {
        _udp.Receive(Messages.Request("INVITE"));
        var transaction = (InviteServerTransaction)_requests[0];
        var acks = 0;
        transaction.AckReceived += (_, _) => acks++;
        transaction.SendResponse(Core.SipResponseFactory.Create(transaction.Request, 486, "Busy Here", "gw"));
        Assert.Equal(1, ResponsesWith(486));

        // G: T1, 2·T1, 4·T1, then capped at T2 → sends at 0.5, 1.5, 3.5, 7.5, 11.5 s.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, ResponsesWith(486));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, ResponsesWith(486));
        _time.Advance(TimeSpan.FromMilliseconds(2000));
        Assert.Equal(4, ResponsesWith(486));
        _time.Advance(TimeSpan.FromMilliseconds(4000));
        Assert.Equal(5, ResponsesWith(486));
        _time.Advance(TimeSpan.FromMilliseconds(4000));
        Assert.Equal(6, ResponsesWith(486));

        _udp.Receive(Messages.Request("ACK", toTag: "gw"));
        _udp.Receive(Messages.Request("ACK", toTag: "gw"));
        Assert.Equal(1, acks);
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(6, ResponsesWith(486));
        Assert.Empty(_ends);
        _time.Advance(TimeSpan.FromSeconds(1)); // timer I = T4
        Assert.Equal([SipTransactionEnd.Completed], _ends);
        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public void Missing_ack_ends_with_timer_H()
    {
        _udp.Receive(Messages.Request("INVITE"));
        _requests[0].SendResponse(Core.SipResponseFactory.Create(_requests[0].Request, 480, "Temporarily Unavailable", "gw"));
        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Empty(_ends);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([SipTransactionEnd.Timeout], _ends);
    }

    [Fact]
    public void Ack_for_2xx_goes_to_the_user_not_the_transaction()
    {
        var acks = new List<SipRequest>();
        _layer.AckReceived += m => acks.Add((SipRequest)m.Message!);
        _udp.Receive(Messages.Request("INVITE"));
        var transaction = _requests[0];
        transaction.SendResponse(Core.SipResponseFactory.Create(transaction.Request, 200, "OK", "gw"));
        Assert.Equal(SipTransactionState.Accepted, transaction.State);

        _udp.Receive(Messages.Request("INVITE")); // absorbed in Accepted (RFC 6026)
        _udp.Receive(Messages.Request("ACK", branch: "z9hG4bKack2xx", toTag: "gw"));

        Assert.Single(acks);
        Assert.Single(_requests);
        Assert.Equal(1, ResponsesWith(200));
    }

    [Fact]
    public void Non_invite_absorbs_in_trying_resends_final_and_ends_with_timer_J()
    {
        _udp.Receive(Messages.Request("OPTIONS"));
        _udp.Receive(Messages.Request("OPTIONS"));
        var transaction = Assert.Single(_requests);
        Assert.IsType<NonInviteServerTransaction>(transaction);
        Assert.Empty(_udp.SentResponses);

        transaction.SendResponse(Core.SipResponseFactory.Create(transaction.Request, 200, "OK", "gw"));
        _udp.Receive(Messages.Request("OPTIONS"));
        Assert.Equal(2, ResponsesWith(200));
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal([SipTransactionEnd.Completed], _ends);
        _udp.Receive(Messages.Request("OPTIONS"));
        Assert.Equal(2, _requests.Count); // after J a retransmission is a new request
    }

    [Fact]
    public void Cancel_matching_a_pending_invite_gets_200_and_notifies_the_invite()
    {
        _udp.Receive(Messages.Request("INVITE"));
        var invite = _requests[0];
        var cancelled = 0;
        invite.Cancelled += (_, _) => cancelled++;

        _udp.Receive(Messages.Request("CANCEL"));
        Assert.Equal(1, cancelled);
        var cancelOk = Assert.Single(_udp.SentResponses, r => r.CSeq!.Value.Method == SipMethods.Cancel);
        Assert.Equal(200, cancelOk.StatusCode);

        invite.SendResponse(Core.SipResponseFactory.Create(invite.Request, 487, "Request Terminated", "gw"));
        _udp.Receive(Messages.Request("ACK", toTag: "gw"));
        Assert.Equal(SipTransactionState.Confirmed, invite.State);
        Assert.Single(_requests); // CANCEL was handled by the layer
    }

    [Fact]
    public void Cancel_matching_nothing_gets_481()
    {
        _udp.Receive(Messages.Request("CANCEL", branch: "z9hG4bKnothing"));
        Assert.Equal(1, ResponsesWith(481));
        Assert.Empty(_requests);
    }

    [Fact]
    public void Rfc2543_request_without_cookie_matches_retransmissions_and_ack()
    {
        var via = "Via: SIP/2.0/UDP 192.0.2.10:5060";
        _udp.Receive(Messages.Request("INVITE", via: via));
        _udp.Receive(Messages.Request("INVITE", via: via));
        var transaction = Assert.Single(_requests);
        Assert.Equal(2, ResponsesWith(100));

        transaction.SendResponse(Core.SipResponseFactory.Create(transaction.Request, 404, "Not Found", "gw"));
        _udp.Receive(Messages.Request("ACK", via: via, toTag: "gw"));
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
    }

    [Fact]
    public void Malformed_request_is_answered_400_by_a_transaction_and_never_reaches_the_user()
    {
        var bad = Messages.Request("OPTIONS", cseqMethod: "INVITE");
        _udp.Receive(bad);
        _udp.Receive(bad);

        Assert.Empty(_requests);
        Assert.Equal(2, ResponsesWith(400));
        Assert.NotNull(_udp.SentResponses[0].To!.Tag);
    }

    [Fact]
    public void Responses_follow_via_received_and_rport_over_udp()
    {
        var nat = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.51.100.7"), 40123);
        _udp.Receive(Messages.Request("OPTIONS", via: $"Via: SIP/2.0/UDP 10.0.0.8:5060;rport;branch={Messages.Branch}"), nat);
        _requests[0].SendResponse(Core.SipResponseFactory.Create(_requests[0].Request, 200, "OK", "gw"));

        Assert.Equal(nat, _udp.LastDestination);
        Assert.Equal("198.51.100.7", _udp.SentResponses[0].TopVia!.Received);
        Assert.Equal(40123, _udp.SentResponses[0].TopVia!.RPort);
    }

    [Fact]
    public void Transport_error_on_a_response_ends_the_transaction()
    {
        _udp.Receive(Messages.Request("OPTIONS"));
        _udp.FailSends = true;
        _requests[0].SendResponse(Core.SipResponseFactory.Create(_requests[0].Request, 200, "OK", "gw"));
        Assert.Equal([SipTransactionEnd.TransportError], _ends);
    }
}

public sealed class CancelAfterFinalTests
{
    [Fact]
    public void Cancel_after_the_final_response_gets_200_but_cancels_nothing()
    {
        var time = new FakeTimeProvider();
        var udp = new FakeTransport();
        using var layer = new SipTransactionLayer(time);
        layer.Attach(udp);
        SipServerTransaction? invite = null;
        layer.RequestReceived += t => invite = t;
        udp.Receive(Messages.Request("INVITE"));
        var cancelled = 0;
        invite!.Cancelled += (_, _) => cancelled++;
        invite.SendResponse(Core.SipResponseFactory.Create(invite.Request, 486, "Busy Here", "gw"));

        udp.Receive(Messages.Request("CANCEL"));

        Assert.Equal(0, cancelled);
        Assert.Equal(200, udp.SentResponses.Single(r => r.CSeq!.Value.Method == SipMethods.Cancel).StatusCode);
    }

    [Fact]
    public void New_branches_carry_the_magic_cookie_and_differ()
    {
        var a = SipBranch.New();
        var b = SipBranch.New();
        Assert.StartsWith(SipVia.MagicCookie, a);
        Assert.True(a.Length > 7 + 8);
        Assert.NotEqual(a, b);
    }
}
