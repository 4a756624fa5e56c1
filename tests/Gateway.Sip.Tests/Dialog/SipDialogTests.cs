using Gateway.Sip.Dialog;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Tests.Transaction;

namespace Gateway.Sip.Tests.Dialog;

public sealed class SipDialogTests
{
    private static readonly FakeTransport Udp = new();

    private static SipRequest InviteWithRecordRoute() => Messages.Parsed(
        "INVITE sip:110@192.0.2.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKd1\r\n" +
        "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n" +
        "From: <sip:13800138000@192.0.2.10>;tag=caller\r\n" +
        "To: <sip:110@192.0.2.1>\r\n" +
        "Call-ID: d1@192.0.2.10\r\n" +
        "CSeq: 10 INVITE\r\n" +
        "Contact: <sip:phone@192.0.2.77:5062>\r\n" +
        "Content-Length: 0\r\n\r\n");

    [Fact]
    public void Server_dialog_takes_ids_target_and_route_set_from_the_invite()
    {
        var dialog = SipDialog.CreateAsServer(InviteWithRecordRoute(), "gwtag", FakeTransport.Peer, Udp, "<sip:gw@192.0.2.1>")!;

        Assert.Equal(new SipDialogId("d1@192.0.2.10", "gwtag", "caller"), dialog.Id);
        Assert.Equal("192.0.2.77", dialog.RemoteTarget.Host);
        Assert.Equal(5062, dialog.Destination.Port);
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], dialog.RouteSet);
    }

    [Fact]
    public void In_dialog_requests_carry_tags_routes_and_rising_cseq()
    {
        var dialog = SipDialog.CreateAsServer(InviteWithRecordRoute(), "gwtag", FakeTransport.Peer, Udp, "<sip:gw@192.0.2.1>")!;

        var first = dialog.CreateRequest(SipMethods.Bye);
        var second = dialog.CreateRequest(SipMethods.Info);

        Assert.Equal("gwtag", first.From!.Tag);
        Assert.Equal("caller", first.To!.Tag);
        Assert.Equal("phone", first.RequestUri!.User);
        Assert.Equal(2, first.Headers.CountOf(SipHeaderId.Route));
        Assert.Equal(first.CSeq!.Value.Number + 1, second.CSeq!.Value.Number);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
    }

    [Fact]
    public void Remote_cseq_must_rise()
    {
        var dialog = SipDialog.CreateAsServer(InviteWithRecordRoute(), "gwtag", FakeTransport.Peer, Udp, "<sip:gw@192.0.2.1>")!;

        Assert.False(dialog.TryAcceptRemoteSequence(10));
        Assert.True(dialog.TryAcceptRemoteSequence(11));
        Assert.False(dialog.TryAcceptRemoteSequence(9));
    }

    [Fact]
    public void Client_dialog_reverses_record_route_and_acks_with_the_invite_cseq()
    {
        var invite = Messages.Outgoing("INVITE");
        var response = new SipMessageParser().Parse(System.Text.Encoding.UTF8.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKtx1\r\n" +
            "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n" +
            "From: <sip:110@192.0.2.1>;tag=gw\r\nTo: <sip:12345@192.0.2.10>;tag=callee\r\nCall-ID: out-1@192.0.2.1\r\nCSeq: 1 INVITE\r\n" +
            "Contact: <sip:agent@192.0.2.20:5070>\r\nContent-Length: 0\r\n\r\n"), SipFraming.Datagram).Message as SipResponse;

        var dialog = SipDialog.CreateAsClient(invite, response!, FakeTransport.Peer, Udp, "<sip:gw@192.0.2.1>")!;
        var ack = dialog.CreateAck(1);

        Assert.Equal(new SipDialogId("out-1@192.0.2.1", "gw", "callee"), dialog.Id);
        Assert.Equal(["<sip:p2.example;lr>", "<sip:p1.example;lr>"], dialog.RouteSet);
        Assert.Equal(new SipCSeq(1, SipMethods.Ack), ack.CSeq);
        Assert.Equal("192.0.2.20", ack.RequestUri!.Host);
    }
}
