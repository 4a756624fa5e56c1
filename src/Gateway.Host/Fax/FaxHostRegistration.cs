using Gateway.Dispatch.Channels;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Fax;

/// <summary>Wires fax into the host: options under Gateway:Fax, the gateway, /health "fax:&lt;name&gt;", the dispatch fax channel, the API.</summary>
public static class FaxHostRegistration
{
    /// <summary>Call after the serial devices are registered (the fax start-up needs their AT channels).</summary>
    public static void AddFax(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaxHostOptions>().Bind(builder.Configuration.GetSection(FaxHostOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaxHostOptions>, FaxHostOptionsValidator>();
        builder.Services.AddSingleton<FaxGateway>();
        builder.Services.AddHostedService<FaxStartupService>();
        builder.Services.AddSingleton<IOrderChannel, FaxOrderChannel>();

        var health = builder.Services.AddHealthChecks();
        foreach (var modem in builder.Configuration.GetSection(FaxHostOptions.Section).Get<FaxHostOptions>()?.Modems ?? [])
        {
            var name = modem.Name;
            health.Add(new HealthCheckRegistration($"fax:{name}", sp => new FaxModemHealthCheck(sp.GetRequiredService<FaxGateway>(), name), null, ["fax"]));
        }
    }

    /// <summary>Maps <c>POST /api/fax/jobs</c> and <c>GET /api/fax/jobs/{id}</c> (dispatcher role).</summary>
    public static void MapFax(this IEndpointRouteBuilder app) => FaxApi.Map(app);
}
