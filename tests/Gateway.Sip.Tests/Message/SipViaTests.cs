using Gateway.Sip.Message;

namespace Gateway.Sip.Tests.Message;

public sealed class SipViaTests
{
    [Fact]
    public void Via_with_ipv6_sent_by_and_rfc3581_parameters()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/tcp [2001:db8::1]:5062;branch=z9hG4bKabc;rport=40000;received=2001:db8::99;maddr=ff02::1;ttl=1", out var via));
        Assert.Equal("TCP", via.Transport);
        Assert.Equal("[2001:db8::1]", via.Host);
        Assert.Equal(5062, via.Port);
        Assert.True(via.HasMagicCookie);
        Assert.Equal(40000, via.RPort);
        Assert.Equal("2001:db8::99", via.Received);
        Assert.Equal("ff02::1", via.MAddr);
        Assert.Equal(1, via.Ttl);
    }

    [Fact]
    public void Whitespace_is_allowed_around_slashes_and_colon()
    {
        Assert.True(SipVia.TryParse("SIP / 2.0 / UDP host.example.com : 5060 ; branch = z9hG4bKx", out var via));
        Assert.Equal(5060, via.Port);
        Assert.Equal("z9hG4bKx", via.Branch);
        Assert.Equal("SIP/2.0/UDP host.example.com:5060;branch=z9hG4bKx", via.ToString());
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP host;;")]
    [InlineData("SIP/2.0/UDP host:70000")]
    [InlineData("SIP/2.0/UDPhost")]
    [InlineData("SIP/2.0/UDP host;branch=")]
    public void Malformed_via_is_rejected(string text) => Assert.False(SipVia.TryParse(text, out _));
}
