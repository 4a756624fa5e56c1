using Gateway.Dispatch.Channels;
using Gateway.Host.Configuration;
using Gateway.Host.Radio.Voice;
using Gateway.Radio.Voice;
using Gateway.Sip.Call;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio;

/// <summary>Wires TETRA terminals into the host: options, pool, order channel, hosted service, /health, API.</summary>
internal static class RadioHostSetup
{
    /// <summary>Services and one <c>radio:&lt;name&gt;</c> health entry per configured terminal.</summary>
    public static WebApplicationBuilder AddGatewayRadio(this WebApplicationBuilder builder, IHealthChecksBuilder health)
    {
        builder.Services.AddOptions<RadioOptions>().Bind(builder.Configuration.GetSection(RadioOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RadioOptions>, RadioOptionsValidator>();
        builder.Services.AddSingleton<RadioEventLog>();
        builder.Services.AddSingleton<RadioTerminalPool>();
        builder.Services.AddSingleton<RadioTextOrderChannel>();
        builder.Services.AddSingleton<IOrderChannel>(sp => sp.GetRequiredService<RadioTextOrderChannel>());
        builder.Services.AddSingleton(sp => new RadioVoiceOrders(
            sp.GetRequiredService<IOptions<RadioOptions>>().Value.Voice.ToFloorOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<RoipLegFactory>();
        builder.Services.AddSingleton<ICallApplication, RadioVoiceApplication>();
        builder.Services.AddHostedService<RadioTerminalService>();
        foreach (var terminal in builder.Configuration.GetSection(RadioOptions.Section).Get<RadioOptions>()?.Terminals ?? [])
        {
            var name = terminal.Name;
            health.Add(new HealthCheckRegistration($"radio:{name}",
                sp => new RadioTerminalHealthCheck(sp.GetRequiredService<RadioTerminalPool>(), name), null, ["radio"]));
        }

        return builder;
    }

    public static WebApplication MapGatewayRadio(this WebApplication app)
    {
        RadioApi.Map(app);
        RadioVoiceApi.Map(app);
        return app;
    }
}
