using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Registrar;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Tests.Security;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Registrar;

public sealed class SipRegistrarTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SipRegistrar _registrar;
    private readonly DigestClient _phone = new(new DigestAccount("2001", "s3cret"));
    private readonly List<string> _changes = [];

    public SipRegistrarTests()
    {
        var store = new InMemoryCredentialStore([new("2001", "s3cret"), new("2002", "other")]);
        var authenticator = new DigestAuthenticator("gateway", store, new DigestNonceService(TimeSpan.FromMinutes(5), _time));
        _registrar = new SipRegistrar(new RegistrarOptions { MinExpiresSeconds = 60, MaxExpiresSeconds = 3600, DefaultExpiresSeconds = 1800 }, authenticator, _time);
        _registrar.BindingsChanged += _changes.Add;
    }

    public void Dispose() => _registrar.Dispose();

    /// <summary>Sends the REGISTER, answers the 401 as the phone would, returns the final response.</summary>
    private SipResponse Register(SipRequest register, DigestClient? client = null)
    {
        var challenge = EdgeMessages.OnWire(_registrar.Process(register, EdgeMessages.Phone, SipTransportProtocol.Udp));
        Assert.Equal(401, challenge.StatusCode);
        var retry = (client ?? _phone).CreateAuthenticatedRequest(register, challenge)!;
        return EdgeMessages.OnWire(_registrar.Process(EdgeMessages.Parse(retry.ToString()), EdgeMessages.Phone, SipTransportProtocol.Udp));
    }

    [Fact]
    public void Bind_with_digest_then_lookup_returns_contact_and_source()
    {
        var ok = Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50:5060>", "Expires: 600\r\n"));

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("<sip:2001@192.168.1.50:5060>;expires=600", ok.Headers.GetFirstText(SipHeaderId.Contact));
        Assert.NotNull(ok.To!.Tag);
        var binding = Assert.Single(_registrar.Lookup("2001"));
        Assert.Equal("sip:2001@192.168.1.50:5060", binding.Contact.ToString());
        Assert.Equal(EdgeMessages.Phone, binding.Source);
        Assert.Equal(SipTransportProtocol.Udp, binding.Protocol);
        Assert.Equal(_time.GetUtcNow().AddSeconds(600), binding.ExpiresAt);
        Assert.True(_registrar.IsRegisteredSource(EdgeMessages.Phone.Address));
        Assert.Equal(["2001"], _changes);
    }

    [Fact]
    public void Without_credentials_nothing_is_bound()
    {
        var response = _registrar.Process(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>"), EdgeMessages.Phone, SipTransportProtocol.Udp);
        Assert.Equal(401, response.StatusCode);
        Assert.Empty(_registrar.Lookup("2001"));
    }

    [Fact]
    public void Wrong_password_gets_403_and_no_binding()
    {
        var response = Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>"), new DigestClient(new DigestAccount("2001", "guess")));
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_registrar.Lookup("2001"));
    }

    [Fact]
    public void A_user_cannot_register_someone_elses_address()
    {
        var response = Register(EdgeMessages.Register("2002", "<sip:2002@192.168.1.50>"), _phone);
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_registrar.Lookup("2002"));
    }

    [Fact]
    public void Binding_expires_on_fake_time_and_refresh_extends_it()
    {
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 120\r\n", cseq: 1));
        _time.Advance(TimeSpan.FromSeconds(100));
        var refreshed = Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>;expires=300", "Expires: 120\r\n", cseq: 3));
        Assert.Equal("<sip:2001@192.168.1.50>;expires=300", refreshed.Headers.GetFirstText(SipHeaderId.Contact));

        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.Single(_registrar.Lookup("2001"));
        _changes.Clear();
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(_registrar.Lookup("2001"));
        Assert.False(_registrar.IsRegisteredSource(EdgeMessages.Phone.Address));
        Assert.Equal(["2001"], _changes);
    }

    [Fact]
    public void Default_and_maximum_expiry_apply()
    {
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>"));
        Assert.Equal(_time.GetUtcNow().AddSeconds(1800), Assert.Single(_registrar.Lookup("2001")).ExpiresAt);
        var capped = Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 86400\r\n", cseq: 5));
        Assert.Equal("<sip:2001@192.168.1.50>;expires=3600", capped.Headers.GetFirstText(SipHeaderId.Contact));
    }

    [Fact]
    public void Too_brief_interval_gets_423_with_min_expires()
    {
        var response = Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 30\r\n"));
        Assert.Equal(423, response.StatusCode);
        Assert.Equal("60", response.Headers.GetFirstText(SipHeaderId.MinExpires));
        Assert.Empty(_registrar.Lookup("2001"));
    }

    [Fact]
    public void Expires_zero_removes_one_contact_and_star_removes_all()
    {
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>, <sip:2001@192.168.1.51>", cseq: 1));
        Assert.Equal(2, _registrar.Lookup("2001").Count);

        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>;expires=0", cseq: 3));
        Assert.Equal("sip:2001@192.168.1.51", Assert.Single(_registrar.Lookup("2001")).Contact.ToString());

        var cleared = Register(EdgeMessages.Register("2001", "*", "Expires: 0\r\n", cseq: 5));
        Assert.Equal(200, cleared.StatusCode);
        Assert.False(cleared.Headers.Contains(SipHeaderId.Contact));
        Assert.Empty(_registrar.Lookup("2001"));
    }

    [Fact]
    public void Star_without_expires_zero_is_a_bad_request()
    {
        var response = Register(EdgeMessages.Register("2001", "*", "Expires: 60\r\n"));
        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public void Query_without_contact_lists_current_bindings()
    {
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 600\r\n"));
        _time.Advance(TimeSpan.FromSeconds(100));
        var query = Register(EdgeMessages.Register("2001", "", cseq: 7));
        Assert.Equal(200, query.StatusCode);
        Assert.Equal("<sip:2001@192.168.1.50>;expires=500", query.Headers.GetFirstText(SipHeaderId.Contact));
    }

    [Fact]
    public void Older_cseq_on_the_same_call_id_does_not_change_the_binding()
    {
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 600\r\n", cseq: 10));
        Register(EdgeMessages.Register("2001", "<sip:2001@192.168.1.50>", "Expires: 0\r\n", cseq: 4));
        Assert.Single(_registrar.Lookup("2001"));
    }
}
