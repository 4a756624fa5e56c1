using Gateway.Sip.Security.Configuration;

namespace Gateway.Sip.Tests.Security;

public sealed class SipEdgeOptionsValidatorTests
{
    private static SipEdgeOptions Valid() => new()
    {
        Trunks =
        [
            new SipTrunkOptions
            {
                Name = "carrier", Sources = ["198.51.100.0/28", "2001:db8::/32"], Host = "198.51.100.1",
                Registration = new TrunkRegistrationOptions { User = "gw110" }, KeepAlive = new TrunkKeepAliveOptions(),
                OutboundAuth = new TrunkDigestOptions { Username = "gw110", Password = "pw" },
            },
        ],
        Phones = [new SipPhoneUserOptions { Username = "2001", Password = "pw" }],
    };

    [Fact]
    public void Bad_trunk_inbound_algorithm_is_named()
    {
        var options = Valid();
        options.Trunks[0].InboundAuth = new TrunkDigestOptions { Username = "carrier", Password = "pw", Algorithms = ["MD5", "SHA-1"] };

        var error = Assert.Single(SipEdgeOptionsValidator.Validate(options));

        Assert.Equal("Trunks:0:InboundAuth:Algorithms:1", error.Key);
    }

    [Fact]
    public void Valid_configuration_has_no_errors() => Assert.Empty(SipEdgeOptionsValidator.Validate(Valid()));

    [Fact]
    public void Messages_name_the_key_at_fault()
    {
        var options = Valid();
        options.Trunks[0].Sources.Add("198.51.100.0/40");
        options.Trunks.Add(new SipTrunkOptions { Name = "CARRIER", Sources = [] , InboundAuth = new TrunkDigestOptions { Username = "x" } });
        options.Trunks[0].Host = null;
        options.Phones.Add(new SipPhoneUserOptions { Username = "2001", Password = "" });
        options.Registrar.MinExpiresSeconds = 7200;

        var errors = SipEdgeOptionsValidator.Validate(options);

        Assert.Equal(
            ["Trunks:0:Sources:2", "Trunks:0:Host", "Trunks:1:Name", "Trunks:1:Sources", "Trunks:1:InboundAuth:Password",
             "Phones:1:Username", "Phones:1:Password", "Registrar:MaxExpiresSeconds", "Registrar:DefaultExpiresSeconds"],
            errors.Select(e => e.Key));
        Assert.Equal("Gateway:Sip:Trunks:0:Host: is required for Registration and KeepAlive", errors[1].Format());
    }
}
