using Gateway.Sip.Security.Digest;

namespace Gateway.Sip.Tests.Security;

/// <summary>Published example values, not our own output: a self-consistent but wrong hash would fail here.</summary>
public sealed class DigestKnownAnswerTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Theory]
    // RFC 7616 §3.9.1 (the same example RFC 8760 carries over to SIP for MD5 and SHA-256).
    [InlineData(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_example(DigestAlgorithm algorithm, string expected)
    {
        var ha1 = DigestCalculator.Ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
        var response = DigestCalculator.Response(algorithm, ha1, "GET", "/dir/index.html", Rfc7616Nonce, "auth", 1, Rfc7616Cnonce);
        Assert.Equal(expected, response);
    }

    [Fact]
    public void Rfc2617_example()
    {
        var ha1 = DigestCalculator.Ha1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
        var response = DigestCalculator.Response(DigestAlgorithm.Md5, ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", 1, "0a4f113b");
        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void Parses_the_rfc7616_authorization_header()
    {
        var credentials = DigestCredentials.TryParse(
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm=SHA-256, " +
            $"nonce=\"{Rfc7616Nonce}\", nc=00000001, cnonce=\"{Rfc7616Cnonce}\", qop=auth, " +
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        Assert.NotNull(credentials);
        Assert.Equal(("Mufasa", DigestAlgorithm.Sha256, 1u, Rfc7616Cnonce), (credentials.Username, credentials.Algorithm, credentials.NonceCount, credentials.Cnonce));
        Assert.Equal("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", credentials.Opaque);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest realm=\"x\"")]
    [InlineData("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"unterminated, nonce=\"n\"")]
    [InlineData("Digest realm")]
    [InlineData("")]
    public void Unusable_challenges_are_null_not_exceptions(string value) => Assert.Null(DigestChallenge.TryParse(value));
}
