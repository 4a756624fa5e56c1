using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Security.Digest;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Security;

public sealed class DigestAuthenticationTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly DigestAuthenticator _server;

    public DigestAuthenticationTests()
    {
        var store = new InMemoryCredentialStore([new("2001", "s3cret")]);
        _server = new DigestAuthenticator("gateway", store, new DigestNonceService(TimeSpan.FromMinutes(5), _time));
    }

    private SipResponse Challenge(SipRequest request, bool stale = false) =>
        EdgeMessages.OnWire(_server.CreateChallengeResponse(request, ChallengeKind.Www, stale, "t"));

    [Fact]
    public void Challenge_offers_sha256_then_md5_with_one_nonce_and_qop_auth()
    {
        var challenge = Challenge(EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>"));
        Assert.Equal(401, challenge.StatusCode);
        var offers = challenge.Headers.Where(h => h.Id == SipHeaderId.WwwAuthenticate).Select(h => DigestChallenge.TryParse(h.ValueText)!).ToList();
        Assert.Equal([DigestAlgorithm.Sha256, DigestAlgorithm.Md5], offers.Select(o => o.Algorithm));
        Assert.All(offers, o => Assert.True(o.OffersQopAuth));
        Assert.Single(offers.Select(o => o.Nonce).Distinct());
        Assert.All(offers, o => Assert.Equal("gateway", o.Realm));
    }

    [Fact]
    public void Challenge_response_accept_round_trip_uses_sha256()
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var client = new DigestClient(new DigestAccount("2001", "s3cret"));
        var retry = client.CreateAuthenticatedRequest(register, Challenge(register))!;

        var credentials = DigestCredentials.TryParse(retry.Headers.GetFirstText(SipHeaderId.Authorization)!)!;
        Assert.Equal(DigestAlgorithm.Sha256, credentials.Algorithm);
        Assert.Equal(2, retry.CSeq!.Value.Number);
        Assert.NotEqual(register.TopVia!.Branch, retry.TopVia!.Branch);

        var verification = _server.Verify(EdgeMessages.Parse(retry.ToString()), ChallengeKind.Www);
        Assert.Equal(new DigestVerification(DigestOutcome.Accepted, "2001"), verification);
    }

    [Fact]
    public void Md5_only_server_is_answered_with_md5_and_accepted()
    {
        var md5Server = new DigestAuthenticator("gateway", new InMemoryCredentialStore([new("2001", "s3cret")]),
            new DigestNonceService(TimeSpan.FromMinutes(5), _time), [DigestAlgorithm.Md5]);
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var challenge = EdgeMessages.OnWire(md5Server.CreateChallengeResponse(register, ChallengeKind.Www, false, "t"));
        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(register, challenge)!;
        Assert.Contains("algorithm=MD5", retry.Headers.GetFirstText(SipHeaderId.Authorization));
        Assert.True(md5Server.Verify(retry, ChallengeKind.Www).IsAccepted);
    }

    [Fact]
    public void Client_picks_the_strongest_challenge_whatever_the_order()
    {
        var response = EdgeMessages.OnWire(new SipResponse(407, "Proxy Authentication Required", new SipHeaderCollection
        {
            SipHeader.Create(SipHeaderId.ProxyAuthenticate, "Digest realm=\"carrier\", nonce=\"abc\", algorithm=MD5, qop=\"auth\""),
            SipHeader.Create(SipHeaderId.ProxyAuthenticate, "Digest realm=\"carrier\", nonce=\"abc\", algorithm=SHA-512-256, qop=\"auth\""),
            SipHeader.Create(SipHeaderId.ProxyAuthenticate, "Digest realm=\"carrier\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\""),
        }));
        var header = new DigestClient(new DigestAccount("gw", "pw")).Answer(response, "INVITE", "sip:12345@carrier")!.Value;
        Assert.Equal(SipHeaderId.ProxyAuthorization, header.Id);
        var credentials = DigestCredentials.TryParse(header.ValueText)!;
        Assert.Equal(DigestAlgorithm.Sha256, credentials.Algorithm);
        var expected = DigestCalculator.Response(DigestAlgorithm.Sha256, DigestCalculator.Ha1(DigestAlgorithm.Sha256, "gw", "carrier", "pw"),
            "INVITE", "sip:12345@carrier", "abc", "auth", 1, credentials.Cnonce);
        Assert.Equal(expected, credentials.Response);
    }

    [Fact]
    public void Client_counts_up_nc_when_reusing_a_nonce()
    {
        var response = EdgeMessages.OnWire(new SipResponse(401, "Unauthorized", new SipHeaderCollection
        {
            SipHeader.Create(SipHeaderId.WwwAuthenticate, "Digest realm=\"r\", nonce=\"same\", qop=\"auth,auth-int\""),
        }));
        var client = new DigestClient(new DigestAccount("u", "p"));
        var first = DigestCredentials.TryParse(client.Answer(response, "REGISTER", "sip:r")!.Value.ValueText)!;
        var second = DigestCredentials.TryParse(client.Answer(response, "REGISTER", "sip:r")!.Value.ValueText)!;
        Assert.Equal((1u, 2u), (first.NonceCount, second.NonceCount));
        Assert.NotEqual(first.Cnonce, second.Cnonce);
    }

    [Fact]
    public void Expired_nonce_with_right_password_is_stale()
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(register, Challenge(register))!;
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(DigestOutcome.Stale, _server.Verify(retry, ChallengeKind.Www).Outcome);

        var stale = Challenge(register, stale: true);
        Assert.All(stale.Headers.Where(h => h.Id == SipHeaderId.WwwAuthenticate), h => Assert.True(DigestChallenge.TryParse(h.ValueText)!.Stale));
    }

    [Fact]
    public void Replayed_nonce_count_is_not_accepted_but_a_higher_one_is()
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var challenge = Challenge(register);
        var client = new DigestClient(new DigestAccount("2001", "s3cret"));
        var first = client.CreateAuthenticatedRequest(register, challenge)!;
        Assert.True(_server.Verify(first, ChallengeKind.Www).IsAccepted);
        Assert.Equal(DigestOutcome.Replay, _server.Verify(first, ChallengeKind.Www).Outcome);

        var second = client.CreateAuthenticatedRequest(register, challenge)!;
        Assert.True(_server.Verify(second, ChallengeKind.Www).IsAccepted);
    }

    [Fact]
    public void Wrong_password_and_unknown_user_are_rejected()
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        var challenge = Challenge(register);
        var wrong = new DigestClient(new DigestAccount("2001", "guess")).CreateAuthenticatedRequest(register, challenge)!;
        Assert.Equal(DigestOutcome.Rejected, _server.Verify(wrong, ChallengeKind.Www).Outcome);
        var unknown = new DigestClient(new DigestAccount("9999", "s3cret")).CreateAuthenticatedRequest(register, challenge)!;
        Assert.Equal(DigestOutcome.Rejected, _server.Verify(unknown, ChallengeKind.Www).Outcome);
    }

    [Fact]
    public void Nonce_from_another_process_or_realm_is_not_trusted_and_missing_credentials_are_reported()
    {
        var register = EdgeMessages.Register("2001", "<sip:2001@10.0.0.21:40123>");
        Assert.Equal(DigestOutcome.Missing, _server.Verify(register, ChallengeKind.Www).Outcome);

        var otherKey = new DigestNonceService(TimeSpan.FromMinutes(5), _time);
        Assert.Equal(NonceCheck.Invalid, otherKey.Check(new DigestNonceService(TimeSpan.FromMinutes(5), _time).Issue("gateway"), "gateway", 1));
        var nonces = new DigestNonceService(TimeSpan.FromMinutes(5), _time);
        Assert.Equal(NonceCheck.Invalid, nonces.Check(nonces.Issue("other-realm"), "gateway", 1));
        Assert.Equal(NonceCheck.Invalid, nonces.Check("not-a-nonce", "gateway", 1));
        Assert.Equal(NonceCheck.Valid, nonces.Check(nonces.Issue("gateway"), "gateway", 1));
    }

    [Fact]
    public void Proxy_kind_uses_407_and_proxy_authorization()
    {
        var invite = EdgeMessages.Invite(EdgeMessages.Phone);
        var challenge = EdgeMessages.OnWire(_server.CreateChallengeResponse(invite, ChallengeKind.Proxy, false, "t"));
        Assert.Equal(407, challenge.StatusCode);
        var retry = new DigestClient(new DigestAccount("2001", "s3cret")).CreateAuthenticatedRequest(invite, challenge)!;
        Assert.True(retry.Headers.Contains(SipHeaderId.ProxyAuthorization));
        Assert.Equal(DigestOutcome.Missing, _server.Verify(retry, ChallengeKind.Www).Outcome);
        Assert.True(_server.Verify(retry, ChallengeKind.Proxy).IsAccepted);
    }
}
