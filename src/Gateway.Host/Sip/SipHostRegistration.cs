using Gateway.Host.Configuration;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>
/// Wires the SIP stack into the host. Hook points for the security layer: register an <see cref="ISipRequestGate"/>
/// and an <see cref="ISipContactResolver"/> (registrar) before this runs, or replace ours — the defaults here are a
/// trunk-peer address gate and "nobody registered".
/// </summary>
internal static class SipHostRegistration
{
    public static void AddGatewaySip(this WebApplicationBuilder builder, IHealthChecksBuilder health)
    {
        builder.Services.AddOptions<SipOptions>().Bind(builder.Configuration.GetSection(SipOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SipOptions>, SipOptionsValidator>();
        builder.Services.TryAddSingleton<ISipRequestGate>(sp => new TrunkPeerGate(sp.GetRequiredService<IOptions<SipOptions>>().Value.EffectiveTrunkPeers));
        builder.Services.TryAddSingleton<ISipContactResolver>(NoContactResolver.Instance);
        builder.Services.AddConferencing();
        builder.Services.AddSingleton<SipStack>();
        builder.Services.AddHostedService<SipStackService>();

        var options = builder.Configuration.GetSection(SipOptions.Section).Get<SipOptions>() ?? new SipOptions();
        if (!options.Enabled) return;
        foreach (var listener in options.EffectiveListeners)
        {
            var name = listener.HealthName;
            health.Add(new HealthCheckRegistration(name, sp => new SipListenerHealthCheck(sp.GetRequiredService<SipStack>(), name), null, ["sip"]));
        }
    }
}
