using System.Buffers;
using System.Text;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Tests.Message;

public sealed class SipMessageSerializerTests
{
    [Fact]
    public void Unchanged_message_round_trips_byte_for_byte()
    {
        var bytes = SipSamples.TrunkInviteBytes;
        var message = new SipMessageParser().Parse(bytes, SipFraming.Datagram).Message!;

        Assert.Equal(bytes.Length, SipMessageSerializer.GetLength(message));
        Assert.Equal(bytes, SipMessageSerializer.ToBytes(message));

        var writer = new ArrayBufferWriter<byte>();
        SipMessageSerializer.Write(message, writer);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Odd_whitespace_message_reparses_to_the_same_values()
    {
        const string odd = "OPTIONS sip:a@b SIP/2.0\r\nVia  :SIP/2.0/UDP h\r\n ;branch=z9hG4bK7\r\ni:  abc\r\nl: 0\r\n\r\n";
        var first = new SipMessageParser().Parse(SipSamples.Bytes(odd), SipFraming.Datagram).Message!;
        var wire = SipMessageSerializer.ToBytes(first);
        var second = new SipMessageParser().Parse(wire, SipFraming.Stream);

        Assert.Equal(SipParseError.None, second.Error);
        Assert.Equal(first.Headers.Count, second.Message!.Headers.Count);
        for (var i = 0; i < first.Headers.Count; i++)
        {
            Assert.Equal(first.Headers[i].Id, second.Message.Headers[i].Id);
            Assert.Equal(first.Headers[i].ValueText, second.Message.Headers[i].ValueText);
        }
        Assert.Equal("z9hG4bK7", second.Message.TopVia!.Branch);
    }

    [Fact]
    public void Built_request_gets_content_length_and_parses_back()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Sip("12345", "10.0.0.9", 5060));
        request.Headers.Add(SipHeaderId.Via, "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnew;rport");
        request.Headers.Add(SipHeaderId.From, "<sip:110@10.0.0.5>;tag=gw1");
        request.Headers.Add(SipHeaderId.To, "<sip:12345@10.0.0.9>");
        request.Headers.Add(SipHeaderId.CallId, "c1@10.0.0.5");
        request.Headers.Add(SipHeaderId.CSeq, "1 INVITE");
        request.Headers.Add(SipHeaderId.MaxForwards, "70");
        request.SetBody(Encoding.ASCII.GetBytes(SipSamples.TrunkSdp), "application/sdp");

        var text = request.ToString();
        Assert.StartsWith("INVITE sip:12345@10.0.0.9:5060 SIP/2.0\r\nVia: SIP/2.0/UDP", text);
        Assert.Contains("Content-Length: 232\r\n", text);
        var back = new SipMessageParser().Parse(SipSamples.Bytes(text), SipFraming.Stream);
        Assert.Equal(SipParseError.None, back.Error);
        Assert.Equal(SipVerdict.Accept, new SipRequestValidator().Validate(back));
    }

    [Fact]
    public void Missing_content_length_is_written()
    {
        var response = new SipResponse(200, "OK");
        response.Headers.Add(SipHeaderId.CallId, "x");
        Assert.Equal("SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n", response.ToString());
    }

    [Fact]
    public void Response_factory_copies_transaction_headers_and_adds_to_tag()
    {
        var request = (SipRequest)new SipMessageParser().Parse(SipSamples.TrunkInviteBytes, SipFraming.Datagram).Message!;
        var response = SipResponseFactory.Create(request, 180, "Ringing", toTag: "gw42");

        Assert.Equal("gw42", response.To!.Tag);
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(request.CSeq, response.CSeq);
        Assert.Equal(request.TopVia!.Branch, response.TopVia!.Branch);
        Assert.Equal(0, response.ContentLength);
        Assert.False(response.Headers.Contains(SipHeaderId.Contact));
    }
}
