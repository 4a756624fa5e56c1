using Gateway.Sip.Message;

namespace Gateway.Sip.Tests.Message;

public sealed class NameAddressTests
{
    [Theory]
    [InlineData("<sip:a@h>;tag=1", null, "sip:a@h", "1")]
    [InlineData("Bob <sip:b@h>", "Bob", "sip:b@h", null)]
    [InlineData("\"Bob B\"<sip:b@h;transport=tcp>;tag=x;expires=60", "Bob B", "sip:b@h;transport=tcp", "x")]
    [InlineData("sip:c@h;tag=9", null, "sip:c@h", "9")]
    [InlineData("  tel:+8610 ; tag = t1 ", null, "tel:+8610", "t1")]
    public void Forms_parse(string text, string? display, string uri, string? tag)
    {
        Assert.True(NameAddress.TryParse(text, out var value));
        Assert.Equal(display, value.DisplayName);
        Assert.Equal(uri, value.Uri.ToString());
        Assert.Equal(tag, value.Tag);
    }

    [Theory]
    [InlineData("\"unterminated <sip:a@h>")]
    [InlineData("< sip:a@h >")]
    [InlineData("Doe, John <sip:a@h>")]
    [InlineData("sip:a@h?subject=x")]
    [InlineData("<sip:a@h>;;")]
    [InlineData("<sip:a@h")]
    [InlineData("")]
    public void Malformed_forms_are_rejected(string text) => Assert.False(NameAddress.TryParse(text, out _));

    [Fact]
    public void Serializes_with_quoted_display_name()
    {
        var value = new NameAddress(SipUri.Sip("110", "gw.example"), "Call \"taker\"", [new SipParameter("tag", "abc")]);
        Assert.Equal("\"Call \\\"taker\\\"\" <sip:110@gw.example>;tag=abc", value.ToString());
        Assert.True(NameAddress.TryParse(value.ToString(), out var back));
        Assert.Equal("Call \"taker\"", back.DisplayName);
    }
}
