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
                Name = "carrier", Allow = ["198.51.100.0/28", "2001:db8::/32"], Host = "198.51.100.1",
                Registration = new TrunkRegistrationOptions { User = "gw110" }, KeepAlive = new TrunkKeepAliveOptions(),
                OutboundAuth = new TrunkDigestOptions { Username = "gw110", Password = "pw" },
            },
        ],
        Phones = [new SipPhoneUserOptions { Username = "2001", Password = "pw" }],
    };

    [Fact]
    public void Valid_configuration_has_no_errors() => Assert.Empty(SipEdgeOptionsValidator.Validate(Valid()));

    [Fact]
    public void Messages_name_the_key_at_fault()
    {
        var options = Valid();
        options.Trunks[0].Allow.Add("198.51.100.0/40");
        options.Trunks.Add(new SipTrunkOptions { Name = "CARRIER", Allow = [] , InboundAuth = new TrunkDigestOptions { Username = "x" } });
        options.Trunks[0].Host = null;
        options.Phones.Add(new SipPhoneUserOptions { Username = "2001", Password = "" });
        options.Registrar.MinExpiresSeconds = 7200;

        var errors = SipEdgeOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Trunks:0:Allow:2 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Trunks:0:Host is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Trunks:1:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Trunks:1:Allow must", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Trunks:1:InboundAuth:Password", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Phones:1:Username", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Phones:1:Password", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Sip:Registrar:MaxExpiresSeconds", StringComparison.Ordinal));
        Assert.Equal(9, errors.Count);
    }
}
