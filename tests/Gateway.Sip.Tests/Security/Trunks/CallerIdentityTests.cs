using Gateway.Sip.Trunks;

namespace Gateway.Sip.Tests.Security.Trunks;

public sealed class CallerIdentityTests
{
    private static CallerIdentity Extract(string headers, bool trusted, string requestUri = "sip:110@192.0.2.1") =>
        CallerIdentityExtractor.Extract(Security.EdgeMessages.Invite(Security.EdgeMessages.Trunk, requestUri, extraHeaders: headers), trusted);

    [Fact]
    public void Trusted_trunk_pai_wins_over_from()
    {
        var identity = Extract("P-Asserted-Identity: \"Li Si\" <sip:+8613900139000@carrier.example;user=phone>\r\n", trusted: true);
        Assert.Equal(("+8613900139000", "+8613900139000", "Li Si", false, CallerIdentitySource.PAssertedIdentity),
            (identity.DisplayNumber, identity.RecordedNumber, identity.DisplayName, identity.IsWithheld, identity.Source));
    }

    [Fact]
    public void Tel_uri_in_pai_is_preferred_and_visual_separators_removed()
    {
        var identity = Extract("P-Asserted-Identity: <sip:13900139000@carrier.example>, <tel:+86-139-0013-9000>\r\n", trusted: true);
        Assert.Equal("+8613900139000", identity.DisplayNumber);
    }

    [Fact]
    public void Untrusted_source_pai_is_ignored()
    {
        var identity = Extract("P-Asserted-Identity: <sip:+8613900139000@evil.example>\r\n", trusted: false);
        Assert.Equal(("13800138000", CallerIdentitySource.From, "Zhang San"), (identity.DisplayNumber, identity.Source, identity.DisplayName));
    }

    [Fact]
    public void Privacy_id_from_trusted_trunk_withholds_display_but_keeps_the_record()
    {
        var identity = Extract("P-Asserted-Identity: <tel:+8613900139000>\r\nPrivacy: id\r\n", trusted: true);
        Assert.True(identity.IsWithheld);
        Assert.Null(identity.DisplayNumber);
        Assert.Null(identity.DisplayName);
        Assert.Equal("+8613900139000", identity.RecordedNumber);
    }

    [Fact]
    public void Privacy_user_from_untrusted_source_keeps_nothing()
    {
        var identity = Extract("Privacy: user;critical\r\n", trusted: false);
        Assert.True(identity.IsWithheld);
        Assert.Null(identity.DisplayNumber);
        Assert.Null(identity.RecordedNumber);
    }

    [Fact]
    public void Privacy_none_shows_the_number()
    {
        var identity = Extract("Privacy: none\r\n", trusted: false);
        Assert.False(identity.IsWithheld);
        Assert.Equal("13800138000", identity.DisplayNumber);
    }

    [Fact]
    public void Anonymous_from_is_withheld()
    {
        var request = Security.EdgeMessages.Parse(Security.EdgeMessages.Invite(Security.EdgeMessages.Trunk).ToString()
            .Replace("\"Zhang San\" <sip:13800138000@example.net>", "\"Anonymous\" <sip:anonymous@anonymous.invalid>", StringComparison.Ordinal));
        var identity = CallerIdentityExtractor.Extract(request, trustedSource: true);
        Assert.True(identity.IsWithheld);
        Assert.Null(identity.RecordedNumber);
    }

    [Theory]
    [InlineData("sip:110@192.0.2.1", "110")]
    [InlineData("sip:110;phone-context=+86-571@gw.example;user=phone", "110")]
    [InlineData("tel:12345;phone-context=+86", "12345")]
    [InlineData("sip:%31%31%30@192.0.2.1", "110")]
    [InlineData("sip:192.0.2.1", null)]
    public void Called_number_from_request_uri(string uri, string? expected) =>
        Assert.Equal(expected, Extract("", trusted: true, requestUri: uri).CalledNumber);
}
