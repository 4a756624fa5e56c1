using System.Text;
using Gateway.Sip.Sdp;

namespace Gateway.Sip.Tests.Sdp;

public sealed class SdpOfferAnswerTests
{
    private static SdpSession Offer(string formats, string maps, string extra = "") =>
        Parse($"v=0\r\no=trunk 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP {formats}\r\n{maps}{extra}");

    private static SdpSession Parse(string text)
    {
        Assert.Equal(SdpParseError.None, SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out var session));
        return session;
    }

    private const string AllMaps = "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

    [Fact]
    public void Answer_prefers_pcma_even_when_offered_second_and_keeps_the_offerers_event_number()
    {
        var result = new SdpNegotiator().Answer(Offer("0 8 101", AllMaps), "192.0.2.1", 20000);

        Assert.NotNull(result);
        Assert.Equal("PCMA", result.Codec.EncodingName);
        Assert.Equal(101, result.TelephoneEvent!.Number);
        Assert.Equal(("10.0.0.1", 40000), (result.RemoteAddress, result.RemotePort));
        var audio = result.Answer.Audio!;
        Assert.Equal([8, 101], audio.Formats.Select(f => f.Number));
        Assert.Equal(20000, audio.Port);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
    }

    [Fact]
    public void Pcmu_only_offer_is_answered_with_pcmu_from_the_static_type_without_rtpmap()
    {
        var result = new SdpNegotiator().Answer(Offer("0", ""), "192.0.2.1", 20000);

        Assert.Equal("PCMU", result!.Codec.EncodingName);
        Assert.Null(result.TelephoneEvent);
    }

    [Fact]
    public void Offer_without_a_codec_we_know_gets_no_answer_which_means_488()
    {
        Assert.Null(new SdpNegotiator().Answer(Offer("18", "a=rtpmap:18 G729/8000\r\n"), "192.0.2.1", 20000));
    }

    [Theory]
    [InlineData("a=sendonly\r\n", SdpDirection.RecvOnly, true)]
    [InlineData("a=inactive\r\n", SdpDirection.Inactive, true)]
    [InlineData("a=recvonly\r\n", SdpDirection.SendOnly, false)]
    [InlineData("", SdpDirection.SendRecv, false)]
    public void Hold_directions_are_mirrored_in_the_answer(string attribute, SdpDirection answered, bool hold)
    {
        var result = new SdpNegotiator().Answer(Offer("8", "a=rtpmap:8 PCMA/8000\r\n", attribute), "192.0.2.1", 20000)!;

        Assert.Equal(answered, result.Answer.Audio!.Direction);
        Assert.Equal(hold, result.IsHold);
    }

    [Fact]
    public void Other_media_lines_are_rejected_with_port_zero_in_place()
    {
        var offer = Offer("8", "a=rtpmap:8 PCMA/8000\r\n", "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");

        var answer = new SdpNegotiator().Answer(offer, "192.0.2.1", 20000)!.Answer;

        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(("video", 0), (answer.Media[1].MediaType, answer.Media[1].Port));
    }

    [Fact]
    public void Serialized_offer_parses_back_to_the_same_formats_ptime_and_direction()
    {
        var offer = new SdpNegotiator().CreateOffer("192.0.2.1", 20002, SdpDirection.SendOnly);

        var text = SdpSerializer.ToText(offer);
        var back = Parse(text);

        Assert.StartsWith("v=0\r\no=- ", text, StringComparison.Ordinal);
        Assert.Equal(["PCMA", "PCMU", "telephone-event"], back.Audio!.Formats.Select(f => f.EncodingName));
        Assert.Equal(20, back.Audio.PacketTimeMs);
        Assert.Equal(SdpDirection.SendOnly, back.Audio.Direction);
        Assert.Equal("0-16", back.Audio.Formats[2].FormatParameters);
        Assert.Equal("192.0.2.1", back.ConnectionAddress);
    }

    [Theory]
    [InlineData("", SdpParseError.Empty)]
    [InlineData("v=1\r\n", SdpParseError.MissingVersion)]
    [InlineData("v=0\r\nthis is not sdp\r\n", SdpParseError.MalformedLine)]
    [InlineData("v=0\r\no=x\r\n", SdpParseError.MalformedOrigin)]
    [InlineData("v=0\r\nc=IN IP4\r\n", SdpParseError.MalformedConnection)]
    [InlineData("v=0\r\nm=audio notaport RTP/AVP 0\r\n", SdpParseError.MalformedMedia)]
    public void Malformed_sdp_gives_a_typed_error_not_an_exception(string text, SdpParseError expected)
    {
        Assert.Equal(expected, SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Answer_read_back_by_the_offerer_finds_the_agreed_codec()
    {
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer("192.0.2.1", 20000, [SdpPayloadType.Pcma, SdpPayloadType.TelephoneEvent]);
        var answer = Offer("8 101", "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n");

        var result = negotiator.ReadAnswer(offer, answer);

        Assert.Equal("PCMA", result!.Codec.EncodingName);
        Assert.Null(negotiator.ReadAnswer(offer, Offer("0", "")));
    }
}
