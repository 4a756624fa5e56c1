using Gateway.Sip.Message;

namespace Gateway.Sip.Tests.Message;

public sealed class SipUriTests
{
    [Fact]
    public void Sip_uri_with_everything_parses_and_round_trips()
    {
        const string text = "sips:alice:secret@Example.COM:5061;transport=tls;lr;maddr=239.255.255.1?subject=hi&priority=urgent";
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal("sips", uri.Scheme);
        Assert.True(uri.IsSecure);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("Example.COM", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tls", uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("subject=hi&priority=urgent", uri.Headers);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("sip:[2001:db8::10]:5070;transport=tcp", "[2001:db8::10]", 5070)]
    [InlineData("sip:user@[::1]", "[::1]", null)]
    [InlineData("sip:192.0.2.4", "192.0.2.4", null)]
    public void Ipv6_and_ipv4_hosts(string text, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
    }

    [Fact]
    public void Tel_uri_keeps_number_and_parameters()
    {
        Assert.True(SipUri.TryParse("tel:+86-10-12345678;phone-context=example.cn", out var uri));
        Assert.True(uri.IsTel);
        Assert.Equal("+86-10-12345678", uri.User);
        Assert.Equal("example.cn", uri.Parameters.Get("phone-context"));
    }

    [Fact]
    public void Escapes_are_kept_and_can_be_resolved()
    {
        Assert.True(SipUri.TryParse("sip:%61lice%20b@h", out var uri));
        Assert.Equal("%61lice%20b", uri.User);
        Assert.Equal("alice b", uri.UserUnescaped);
    }

    [Theory]
    [InlineData("sip:a@b c")]
    [InlineData("<sip:a@b>")]
    [InlineData("sip:a@")]
    [InlineData("sip:a@h:99999")]
    [InlineData("sip:a@h;=x")]
    [InlineData("sip:a%4@h")]
    [InlineData("sip:[zz::1]")]
    [InlineData("1sip:a@h")]
    [InlineData("sip:a@h>")]
    public void Malformed_uris_are_rejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void Unknown_schemes_are_kept_opaque()
    {
        Assert.True(SipUri.TryParse("urn:service:sos", out var uri));
        Assert.Equal("urn", uri.Scheme);
        Assert.Equal("service:sos", uri.Opaque);
        Assert.False(uri.IsSip);
    }
}
