using Gateway.Sip.Message;
using Gateway.Sip.Transaction;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Transaction;

public sealed class ClientTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeTransport _udp = new();
    private readonly SipTransactionLayer _layer;
    private readonly List<SipResponse> _toUser = [];
    private SipTransactionEnd? _end;

    public ClientTransactionTests()
    {
        _layer = new SipTransactionLayer(_time);
        _layer.Attach(_udp);
    }

    private SipClientTransaction Send(SipRequest request, FakeTransport? transport = null)
    {
        return _layer.SendRequest(request, transport ?? _udp, FakeTransport.Peer, (_, r) => _toUser.Add(r), (_, end) => _end = end);
    }

    /// <summary>Advances fake time to <paramref name="atMs"/> since start and returns how many requests were sent so far.</summary>
    private int SentAt(double atMs, long startTicks)
    {
        // Step in small increments: a timer re-armed from its own callback counts from the time it fired.
        var end = startTicks + TimeSpan.FromMilliseconds(atMs).Ticks;
        while (_time.GetUtcNow().UtcTicks < end)
        {
            _time.Advance(TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(50).Ticks, end - _time.GetUtcNow().UtcTicks)));
        }
        return _udp.SentRequests.Count;
    }

    [Fact]
    public void Invite_timer_A_doubles_from_T1_and_timer_B_times_out_at_64_T1()
    {
        var start = _time.GetUtcNow().UtcTicks;
        var transaction = Send(Messages.Outgoing("INVITE"));

        // Sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (RFC 3261 §17.1.1.2).
        Assert.Equal(1, SentAt(499, start));
        Assert.Equal(2, SentAt(500, start));
        Assert.Equal(2, SentAt(1499, start));
        Assert.Equal(3, SentAt(1500, start));
        Assert.Equal(4, SentAt(3500, start));
        Assert.Equal(5, SentAt(7500, start));
        Assert.Equal(6, SentAt(15500, start));
        Assert.Equal(7, SentAt(31500, start));
        Assert.Null(_end);
        Assert.Equal(7, SentAt(32000, start));
        Assert.Equal(SipTransactionEnd.Timeout, _end);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    [Fact]
    public void Invite_that_rings_longer_than_timer_B_is_not_timed_out()
    {
        var transaction = Send(Messages.Outgoing("INVITE"));
        _udp.Receive(Messages.Response(180, "Ringing", "INVITE", toTag: "callee"));
        _time.Advance(TimeSpan.FromSeconds(90));

        // §17.1.1.2: timer B only runs in Calling; a 90 s ring is the caller's to cancel, not a 408.
        Assert.Null(_end);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        _udp.Receive(Messages.Response(200, "OK", "INVITE", toTag: "callee"));
        Assert.Equal([180, 200], _toUser.Select(r => r.StatusCode));
    }

    [Fact]
    public void Invite_provisional_stops_retransmission_and_non_2xx_is_acked_inside_the_transaction()
    {
        var transaction = Send(Messages.Outgoing("INVITE"));
        _udp.Receive(Messages.Response(180, "Ringing", "INVITE", toTag: "callee"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(_udp.SentRequests);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);

        _udp.Receive(Messages.Response(486, "Busy Here", "INVITE", toTag: "callee"));
        _udp.Receive(Messages.Response(486, "Busy Here", "INVITE", toTag: "callee"));

        Assert.Equal([180, 486], _toUser.Select(r => r.StatusCode));
        var acks = _udp.SentRequests.Where(r => r.Method == SipMethods.Ack).ToList();
        Assert.Equal(2, acks.Count);
        Assert.Equal(Messages.Branch, acks[0].TopVia!.Branch);
        Assert.Equal("callee", acks[0].To!.Tag);
        Assert.Equal(new SipCSeq(1, "ACK"), acks[0].CSeq);
        Assert.Equal("sip:12345@192.0.2.10", acks[0].RequestUri!.ToString());
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Null(_end);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(SipTransactionEnd.Completed, _end);
    }

    [Fact]
    public void Invite_2xx_goes_to_the_user_with_its_retransmissions_and_no_ack_is_sent()
    {
        var transaction = Send(Messages.Outgoing("INVITE"));
        _udp.Receive(Messages.Response(200, "OK", "INVITE", toTag: "callee"));
        _udp.Receive(Messages.Response(200, "OK", "INVITE", toTag: "callee"));

        Assert.Equal([200, 200], _toUser.Select(r => r.StatusCode));
        Assert.DoesNotContain(_udp.SentRequests, r => r.Method == SipMethods.Ack);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal(SipTransactionEnd.Completed, _end);
    }

    [Fact]
    public void Reliable_transport_has_no_retransmissions_and_no_wait_states()
    {
        var tcp = new FakeTransport(reliable: true);
        _layer.Attach(tcp);
        var transaction = Send(Messages.Outgoing("INVITE"), tcp);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(tcp.SentRequests);

        tcp.Receive(Messages.Response(503, "Service Unavailable", "INVITE", toTag: "x"));
        Assert.Equal(SipTransactionEnd.Completed, _end);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Transport_error_is_reported_to_the_user()
    {
        _udp.FailSends = true;
        var transaction = Send(Messages.Outgoing("OPTIONS"));
        Assert.Equal(SipTransactionEnd.TransportError, _end);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Non_invite_timer_E_doubles_to_T2_and_timer_F_times_out()
    {
        var start = _time.GetUtcNow().UtcTicks;
        Send(Messages.Outgoing("OPTIONS"));

        // Sends at 0, 0.5, 1.5, 3.5, 7.5, then every T2 = 4 s: 11.5, 15.5, … 31.5 (RFC 3261 §17.1.2.2).
        Assert.Equal(2, SentAt(500, start));
        Assert.Equal(3, SentAt(1500, start));
        Assert.Equal(4, SentAt(3500, start));
        Assert.Equal(5, SentAt(7500, start));
        Assert.Equal(5, SentAt(11499, start));
        Assert.Equal(6, SentAt(11500, start));
        Assert.Equal(11, SentAt(31500, start));
        Assert.Null(_end);
        SentAt(32000, start);
        Assert.Equal(SipTransactionEnd.Timeout, _end);
    }

    [Fact]
    public void Non_invite_proceeding_retransmits_every_T2_and_absorbs_final_retransmissions()
    {
        var transaction = Send(Messages.Outgoing("OPTIONS"));
        _udp.Receive(Messages.Response(100, "Trying", "OPTIONS"));
        _time.Advance(TimeSpan.FromMilliseconds(500)); // timer E armed at T1 before the 100 fires once more…
        var afterFirst = _udp.SentRequests.Count;
        _time.Advance(TimeSpan.FromSeconds(4));         // …and then at T2
        Assert.Equal(afterFirst + 1, _udp.SentRequests.Count);

        _udp.Receive(Messages.Response(200, "OK", "OPTIONS", toTag: "t"));
        _udp.Receive(Messages.Response(200, "OK", "OPTIONS", toTag: "t"));
        Assert.Equal([100, 200], _toUser.Select(r => r.StatusCode));
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        _time.Advance(TimeSpan.FromSeconds(5)); // timer K = T4
        Assert.Equal(SipTransactionEnd.Completed, _end);
    }

    [Fact]
    public void Cancel_uses_the_invite_branch_and_its_response_matches_the_cancel_transaction()
    {
        var invite = (InviteClientTransaction)Send(Messages.Outgoing("INVITE"));
        Assert.Throws<InvalidOperationException>(() => _layer.SendCancel(invite));
        _udp.Receive(Messages.Response(180, "Ringing", "INVITE", toTag: "callee"));

        var cancelResponses = new List<int>();
        _layer.SendCancel(invite, (_, r) => cancelResponses.Add(r.StatusCode));
        _udp.Receive(Messages.Response(200, "OK", "CANCEL"));
        _udp.Receive(Messages.Response(487, "Request Terminated", "INVITE", toTag: "callee"));

        var sentCancel = Assert.Single(_udp.SentRequests, r => r.Method == SipMethods.Cancel);
        Assert.Equal(Messages.Branch, sentCancel.TopVia!.Branch);
        Assert.Equal(new SipCSeq(1, "CANCEL"), sentCancel.CSeq);
        Assert.Null(sentCancel.To!.Tag);
        Assert.Equal([200], cancelResponses);
        Assert.Equal([180, 487], _toUser.Select(r => r.StatusCode));
    }

    [Fact]
    public void Response_matching_no_transaction_goes_to_stray_handler()
    {
        var strays = new List<int>();
        _layer.StrayResponse += m => strays.Add(((SipResponse)m.Message!).StatusCode);
        _udp.Receive(Messages.Response(200, "OK", "INVITE", branch: "z9hG4bKunknown", toTag: "x"));
        Assert.Equal([200], strays);
    }
}
