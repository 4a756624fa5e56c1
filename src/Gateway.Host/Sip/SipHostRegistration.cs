using System.Diagnostics.Metrics;
using Gateway.Sip.Security;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Hooks;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>
/// Wires the SIP stack into the host with the SIP edge (<see cref="SipEdge"/>) as its security layer: the edge's
/// gate decides on every request, its registrar answers REGISTER and resolves "user:NAME" routes, and its trunk
/// clients (REGISTER, OPTIONS keep-alive) run while the stack runs, one /health entry per trunk.
/// </summary>
internal static class SipHostRegistration
{
    public static void AddGatewaySip(this WebApplicationBuilder builder, IHealthChecksBuilder health)
    {
        var section = builder.Configuration.GetSection(SipOptions.Section);
        builder.Services.AddOptions<SipOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SipOptions>, SipOptionsValidator>();
        builder.Services.AddOptions<SipEdgeOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IPostConfigureOptions<SipEdgeOptions>, SipEdgeDefaults>();
        builder.Services.AddSingleton<IValidateOptions<SipEdgeOptions>, SipEdgeOptionsHostValidator>();

        builder.Services.AddSingleton(sp => new SipEdge(sp.GetRequiredService<IOptions<SipEdgeOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new SipEdgeMetrics(sp.GetRequiredService<IMeterFactory>()));
        builder.Services.TryAddSingleton<ISipRequestGate>(sp => new SipEdgeRequestGate(sp.GetRequiredService<SipEdge>().Gate, sp.GetRequiredService<SipEdgeMetrics>()));
        builder.Services.TryAddSingleton<ISipContactResolver>(sp => new RegistrarContactResolver(sp.GetRequiredService<SipEdge>().Registrar));
        builder.AddGatewayCallMedia();
        builder.Services.AddConferencing();
        builder.Services.AddSingleton<RtpReceiveEngineHost>();
        builder.Services.AddSingleton<SipStack>();
        builder.Services.AddHostedService<SipStackService>();

        var options = section.Get<SipOptions>() ?? new SipOptions();
        if (!options.Enabled) return;
        health.Add(new HealthCheckRegistration("sip:rtp-receive", sp => new RtpReceiveHealthCheck(sp.GetRequiredService<RtpReceiveEngineHost>(), sp.GetRequiredService<SipStack>()), null, ["sip"]));
        foreach (var listener in options.EffectiveListeners)
        {
            var name = listener.HealthName;
            health.Add(new HealthCheckRegistration(name, sp => new SipListenerHealthCheck(sp.GetRequiredService<SipStack>(), name), null, ["sip"]));
        }
        var trunks = section.Get<SipEdgeOptions>()?.Trunks is { Count: > 0 } configured ? configured : [SipEdgeDefaults.DefaultTrunk()];
        foreach (var trunk in trunks)
        {
            var trunkName = trunk.Name;
            health.Add(new HealthCheckRegistration($"sip:trunk:{trunkName}", sp => new SipTrunkHealthCheck(sp.GetRequiredService<SipEdge>(), trunkName), null, ["sip"]));
        }
    }
}
