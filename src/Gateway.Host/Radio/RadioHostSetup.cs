using Gateway.Dispatch.Channels;
using Gateway.Host.Configuration;
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
        return app;
    }
}
