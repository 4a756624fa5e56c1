using Gateway.Host.Configuration;
using Gateway.Sip.Security.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>The trunk anyone can test with when no trunk is configured: 127.0.0.1 (SIPp, baresip on this machine).</summary>
internal sealed class SipEdgeDefaults : IPostConfigureOptions<SipEdgeOptions>
{
    public const string DefaultTrunkName = "local";

    public static SipTrunkOptions DefaultTrunk() => new() { Name = DefaultTrunkName, Sources = ["127.0.0.1"] };

    public void PostConfigure(string? name, SipEdgeOptions options)
    {
        if (options.Trunks.Count == 0) options.Trunks.Add(DefaultTrunk());
    }
}

/// <summary>
/// Checks trunks, phones, registrar and inbound policy at start (whether or not SIP is enabled, so a bad value is
/// found before someone switches it on); every message names its key. The old <c>TrunkPeers</c> list is refused.
/// </summary>
internal sealed class SipEdgeOptionsHostValidator(IConfiguration configuration) : IValidateOptions<SipEdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, SipEdgeOptions options)
    {
        var errors = SipEdgeOptionsValidator.Validate(options).Select(e => ConfigError.Format(SipOptions.Section, e.Key, e.Problem)).ToList();
        if (configuration.GetSection($"{SipOptions.Section}:TrunkPeers").Exists())
            errors.Add(ConfigError.Format(SipOptions.Section, "TrunkPeers", "is replaced by Trunks: [ { \"Name\": …, \"Sources\": [ \"address or CIDR\" ] } ]"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
