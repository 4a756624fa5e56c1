using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Tests.Message;

public sealed class SipMessageParserTests
{
    private static SipParseResult Parse(string text, SipFraming framing = SipFraming.Datagram, SipParseLimits? limits = null) =>
        new SipMessageParser(limits).Parse(SipSamples.Bytes(text), framing);

    [Fact]
    public void Typical_trunk_invite_parses_with_typed_values()
    {
        var result = Parse(SipSamples.TrunkInvite);

        Assert.Equal(SipParseError.None, result.Error);
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(SipMethods.Invite, request.Method);
        Assert.Same(SipMethods.Invite, request.Method);
        Assert.Equal("110", request.RequestUri!.User);
        Assert.Equal("phone", request.RequestUri.Parameters.Get("user"));
        Assert.Equal(5060, request.RequestUri.Port);
        Assert.Equal("z9hG4bK-524287-1---8f3b2a1c9d", request.TopVia!.Branch);
        Assert.True(request.TopVia.HasRPort);
        Assert.Null(request.TopVia.RPort);
        Assert.Equal("13800138000", request.From!.DisplayName);
        Assert.Equal("as5f3c21a7", request.From.Tag);
        Assert.Null(request.To!.Tag);
        Assert.Equal(new SipCSeq(102, "INVITE"), request.CSeq);
        Assert.Equal(69, request.MaxForwards);
        Assert.Equal(10, request.Headers.GetValues(SipHeaderId.Allow).Count());
        Assert.Equal(232, request.Body.Length);
        Assert.Equal(SipSamples.TrunkSdp, Encoding.ASCII.GetString(request.Body.Span));
        Assert.Equal(SipSamples.TrunkInviteBytes.Length, result.BytesConsumed);
    }

    [Theory]
    [InlineData("i", SipHeaderId.CallId)]
    [InlineData("m", SipHeaderId.Contact)]
    [InlineData("f", SipHeaderId.From)]
    [InlineData("t", SipHeaderId.To)]
    [InlineData("v", SipHeaderId.Via)]
    [InlineData("l", SipHeaderId.ContentLength)]
    [InlineData("c", SipHeaderId.ContentType)]
    [InlineData("k", SipHeaderId.Supported)]
    [InlineData("s", SipHeaderId.Subject)]
    [InlineData("e", SipHeaderId.ContentEncoding)]
    [InlineData("o", SipHeaderId.Event)]
    [InlineData("u", SipHeaderId.AllowEvents)]
    [InlineData("r", SipHeaderId.ReferTo)]
    [InlineData("b", SipHeaderId.ReferredBy)]
    [InlineData("x", SipHeaderId.SessionExpires)]
    [InlineData("y", SipHeaderId.Identity)]
    [InlineData("CALL-id", SipHeaderId.CallId)]
    [InlineData("max-FORWARDS", SipHeaderId.MaxForwards)]
    [InlineData("X-Custom", SipHeaderId.Extension)]
    public void Compact_and_mixed_case_names_are_identified(string name, SipHeaderId expected)
    {
        Assert.Equal(expected, SipHeaderNames.Identify(Encoding.ASCII.GetBytes(name)));
        Assert.Equal(expected, SipHeaderNames.Identify(Encoding.ASCII.GetBytes(name.ToUpperInvariant())));
    }

    [Fact]
    public void Folded_header_values_are_joined_and_whitespace_around_colon_ignored()
    {
        var result = Parse(
            "OPTIONS sip:a@b SIP/2.0\r\n" +
            "Via : SIP/2.0/UDP\r\n   h.example.com\r\n\t;branch=z9hG4bK1\r\n" +
            "Subject:  first\r\n  second  \r\n" +
            "l: 0\r\n\r\n");

        Assert.Equal(SipParseError.None, result.Error);
        Assert.Equal("h.example.com", result.Message!.TopVia!.Host);
        Assert.Equal("z9hG4bK1", result.Message.TopVia.Branch);
        Assert.Equal("first second", result.Message.Headers.GetFirstText(SipHeaderId.Subject));
        Assert.Equal(0, result.Message.ContentLength);
    }

    [Fact]
    public void Commas_split_list_headers_but_not_quotes_brackets_or_authorization()
    {
        var result = Parse(
            "REGISTER sip:r SIP/2.0\r\n" +
            "Contact: \"Doe, John\" <sip:a@h;x=1,2>;q=0.5, <sip:b@h>\r\n" +
            "Contact: sip:c@h\r\n" +
            "Authorization: Digest username=\"u\", realm=\"r\", nonce=\"n\"\r\n" +
            "Content-Length: 0\r\n\r\n");

        var contacts = result.Message!.Headers.GetValues(SipHeaderId.Contact).ToTextList();
        Assert.Equal(["\"Doe, John\" <sip:a@h;x=1,2>;q=0.5", "<sip:b@h>", "sip:c@h"], contacts);
        Assert.Single(result.Message.Headers.GetValues(SipHeaderId.Authorization).ToTextList());
    }

    [Fact]
    public void Quoted_strings_resolve_escapes()
    {
        Assert.True(NameAddress.TryParse("\"A \\\"quoted\\\" \\\\ name\" <sip:x@y>;tag=1", out var value));
        Assert.Equal("A \"quoted\" \\ name", value.DisplayName);
        Assert.Equal("1", value.Tag);
    }

    [Fact]
    public void Datagram_without_content_length_takes_the_rest_as_body()
    {
        var result = Parse("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\r\nContent-Type: text/plain\r\n\r\nhello");
        Assert.Equal(SipParseError.None, result.Error);
        Assert.Equal("hello", Encoding.ASCII.GetString(result.Message!.Body.Span));
    }

    [Fact]
    public void Stream_framing_reports_need_more_data_until_body_is_complete()
    {
        var bytes = SipSamples.TrunkInviteBytes;
        var parser = new SipMessageParser();
        for (var cut = 0; cut < bytes.Length; cut += 37)
        {
            Assert.Equal(SipParseError.NeedMoreData, parser.Parse(bytes.AsMemory(0, cut), SipFraming.Stream).Error);
        }
        var full = parser.Parse(bytes, SipFraming.Stream);
        Assert.Equal(SipParseError.None, full.Error);
        Assert.Equal(bytes.Length, full.BytesConsumed);
    }

    [Fact]
    public void Stream_framing_parses_back_to_back_messages_one_at_a_time()
    {
        var two = SipSamples.Bytes("\r\n\r\n" + SipSamples.TrunkInvite + SipSamples.TrunkInvite.Replace("CSeq: 102", "CSeq: 103"));
        var parser = new SipMessageParser();

        var first = parser.Parse(two, SipFraming.Stream);
        var second = parser.Parse(two.AsMemory(first.BytesConsumed), SipFraming.Stream);

        Assert.Equal(102, first.Message!.CSeq!.Value.Number);
        Assert.Equal(103, second.Message!.CSeq!.Value.Number);
        Assert.Equal(two.Length, first.BytesConsumed + second.BytesConsumed);
    }

    [Fact]
    public void Stream_framing_requires_content_length()
    {
        var result = Parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK3\r\n\r\n", SipFraming.Stream);
        Assert.Equal(SipParseError.MissingContentLength, result.Error);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Keep_alive_crlf_is_consumed_on_streams()
    {
        var result = Parse("\r\n\r\n", SipFraming.Stream);
        Assert.Equal(SipParseError.NeedMoreData, result.Error);
        Assert.Equal(4, result.BytesConsumed);
    }

    [Fact]
    public void Message_size_limit_is_enforced()
    {
        var limits = new SipParseLimits { MaxMessageSize = 200 };
        Assert.Equal(SipParseError.MessageTooLarge, Parse(SipSamples.TrunkInvite, limits: limits).Error);
        var big = SipSamples.TrunkInvite.Replace("Content-Length: 232", "Content-Length: 100000");
        Assert.Equal(SipParseError.MessageTooLarge, Parse(big, SipFraming.Stream, new SipParseLimits { MaxMessageSize = 1000 }).Error);
    }

    [Fact]
    public void Header_count_limit_is_enforced()
    {
        var many = "OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-H: 1\r\n", 20)) + "\r\n";
        var result = Parse(many, limits: new SipParseLimits { MaxHeaderCount = 10 });
        Assert.Equal(SipParseError.TooManyHeaders, result.Error);
        Assert.Null(result.Message);
        Assert.Equal(SipParseError.None, Parse(many, limits: new SipParseLimits { MaxHeaderCount = 20 }).Error);
    }

    [Fact]
    public void Line_length_limit_is_enforced_even_without_a_line_end()
    {
        var limits = new SipParseLimits { MaxLineLength = 64 };
        var longLine = "OPTIONS sip:a@b SIP/2.0\r\nX-Long: " + new string('a', 100) + "\r\n\r\n";
        Assert.Equal(SipParseError.LineTooLong, Parse(longLine, limits: limits).Error);
        Assert.Equal(SipParseError.LineTooLong, Parse("OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('a', 100), SipFraming.Stream, limits).Error);
    }

    [Theory]
    [InlineData("INVITE sip:a@b SIP/2.0 \r\n", SipParseError.InvalidRequestLine)]
    [InlineData("INVITE  sip:a@b SIP/2.0\r\n", SipParseError.InvalidRequestLine)]
    [InlineData("INVITE sip:a@b\r\n", SipParseError.InvalidRequestLine)]
    [InlineData("INVITE sip:a@b SIP/3.0\r\n", SipParseError.UnsupportedVersion)]
    [InlineData("INV:TE sip:a@b SIP/2.0\r\n", SipParseError.InvalidRequestLine)]
    [InlineData("SIP/2.0 20 OK\r\n", SipParseError.InvalidStatusLine)]
    [InlineData("SIP/2.0 2000 OK\r\n", SipParseError.InvalidStatusLine)]
    [InlineData("SIP/2.0 099 Low\r\n", SipParseError.InvalidStatusLine)]
    public void Malformed_start_lines_give_typed_errors(string startLine, SipParseError expected)
    {
        Assert.Equal(expected, Parse(startLine + "Via: SIP/2.0/UDP h;branch=z9hG4bK4\r\nContent-Length: 0\r\n\r\n").Error);
    }

    [Fact]
    public void Header_line_without_colon_is_reported_but_the_request_kept_for_a_400()
    {
        var result = Parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK5\r\nthis is not a header\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(SipParseError.InvalidHeaderLine, result.Error);
        Assert.Equal("z9hG4bK5", result.Message!.TopVia!.Branch);
    }

    [Fact]
    public void Response_reason_phrase_and_status_are_read()
    {
        var result = Parse("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK6\r\nContent-Length: 0\r\n\r\n");
        var response = Assert.IsType<SipResponse>(result.Message);
        Assert.Equal(486, response.StatusCode);
        Assert.Equal("Busy Here", response.ReasonPhrase);
    }
}
