using System.Net;
using Gateway.Sip.Security;

namespace Gateway.Sip.Tests.Security;

public sealed class SourceAddressListTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0", true)]
    [InlineData("192.0.2.0/24", "192.0.2.255", true)]
    [InlineData("192.0.2.0/24", "192.0.3.0", false)]
    [InlineData("192.0.2.0/24", "192.0.1.255", false)]
    [InlineData("10.0.0.0/9", "10.127.255.255", true)]
    [InlineData("10.0.0.0/9", "10.128.0.0", false)]
    [InlineData("198.51.100.7/32", "198.51.100.7", true)]
    [InlineData("198.51.100.7/32", "198.51.100.6", false)]
    [InlineData("198.51.100.7", "198.51.100.7", true)]
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8:0:1::/63", "2001:db8:0:1:ffff::1", true)]
    [InlineData("2001:db8:0:2::/63", "2001:db8:0:3::1", true)]
    [InlineData("2001:db8:0:2::/63", "2001:db8:0:4::", false)]
    [InlineData("2001:db8::5", "2001:db8::5", true)]
    [InlineData("2001:db8::5/128", "2001:db8::4", false)]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.9", true)]
    [InlineData("2001:db8::/32", "192.0.2.9", false)]
    [InlineData("192.0.2.0/24", "2001:db8::1", false)]
    public void Matches_cidr_blocks_at_their_edges(string entry, string address, bool expected)
    {
        var list = SourceAddressList.Parse([entry]);
        Assert.Equal(expected, list.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Host_bits_in_a_block_are_ignored_like_routers_do()
    {
        var list = SourceAddressList.Parse(["192.0.2.1/24"]);
        Assert.True(list.Contains(IPAddress.Parse("192.0.2.200")));
        Assert.False(list.Contains(IPAddress.Parse("192.0.3.1")));
    }

    [Theory]
    [InlineData("192.0.2.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("example.org")]
    [InlineData("")]
    [InlineData("192.0.2.0/")]
    public void Rejects_malformed_entries(string entry) => Assert.False(SourceAddressList.TryParseEntry(entry, out _));
}
