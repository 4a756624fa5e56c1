using Gateway.Core.Lifecycle;
using Gateway.Core.Serial;
using Gateway.Host.Configuration;
using Gateway.Host.Devices;
using Gateway.Host.Dispatch;
using Gateway.Host.Fax;
using Gateway.Host.Health;
using Gateway.Host.Lifecycle;
using Gateway.Host.Metrics;
using Gateway.Host.Radio;
using Gateway.Host.Security;
using Gateway.Host.Sip;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host;

/// <summary>
/// Composition root: configuration sources, options with validation, services and the HTTP
/// endpoints. The only place where the libraries are wired together.
/// </summary>
public static class GatewayHost
{
    /// <summary>Builds the gateway from command-line arguments (<c>--config FILE</c> and <c>--Key=Value</c> overrides).</summary>
    public static WebApplication Build(string[] args)
    {
        var (configFile, rest) = SplitConfigArgument(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = rest,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Order: embedded defaults (appsettings.json beside the binary) < --config FILE <
        // environment (GATEWAY__Http__Url) < command line.
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile, Environment.CurrentDirectory);
            if (!File.Exists(full))
                throw new ConfigurationFileException($"--config: file not found: {full}");
            builder.Configuration.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(rest);

        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "EmergencyLinkageGateway");

        AddOptions<HttpOptions, HttpOptionsValidator>(builder, HttpOptions.Section);
        AddOptions<StorageOptions, StorageOptionsValidator>(builder, StorageOptions.Section);
        AddOptions<ShutdownOptions, ShutdownOptionsValidator>(builder, ShutdownOptions.Section);
        AddOptions<SerialOptions, SerialOptionsValidator>(builder, SerialOptions.Section);
        AddOptions<ApiOptions, ApiOptionsValidator>(builder, ApiOptions.Section);

        builder.Services.AddAuthentication(BearerTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.CallTaker, p => p.RequireRole(ApiRoles.CallTaker, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Dispatcher, p => p.RequireRole(ApiRoles.Dispatcher, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Admin, p => p.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiRoles.AnyRole, p => p.RequireRole(ApiRoles.All));
        builder.Services.AddSingleton<AuditLog>();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DeviceStopHookRegistry>();
        builder.Services.AddSingleton<PrometheusMetricsCollector>(_ => new PrometheusMetricsCollector());
        builder.Services.AddSingleton<HostMetrics>();
        var health = builder.Services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["storage"]);

        // Serial devices: one self-reconnecting link each, one /health entry each.
        builder.Services.AddSingleton(sp => new SerialLinkFactory(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<SerialDeviceRegistry>();
        builder.Services.AddHostedService<SerialDeviceService>();
        foreach (var device in builder.Configuration.GetSection(SerialOptions.Section).Get<SerialOptions>()?.Devices ?? [])
        {
            var name = device.Name;
            health.Add(new HealthCheckRegistration($"serial:{name}",
                sp => new SerialDeviceHealthCheck(sp.GetRequiredService<SerialDeviceRegistry>(), name), null, ["serial"]));
        }

        // Telephony: SIP listeners, trunks, routes and the B2BUA.
        builder.AddGatewaySip(health);

        // The dispatch core and the channels that carry its orders.
        builder.AddDispatch();
        builder.AddGatewayRadio(health);
        builder.AddFax();

        // Registered last: stopped first, while devices are still reachable.
        builder.Services.AddHostedService<DeviceShutdownService>();

        var url = builder.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Url)}"] ?? new HttpOptions().Url;
        // An invalid URL is reported by option validation at start; Kestrel must not see it first.
        if (Uri.TryCreate(url, UriKind.Absolute, out _))
            builder.WebHost.UseUrls(url);

        var app = builder.Build();
        // Created now so meters that start early are seen from the beginning.
        app.Services.GetRequiredService<PrometheusMetricsCollector>();
        app.Services.GetRequiredService<HostMetrics>();
        MapEndpoints(app);
        app.MapDispatchApi();
        app.MapGatewayRadio();
        app.MapFax();
        app.MapCallRecordsApi();
        app.MapCallDigitsApi();
        return app;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseMiddleware<AuditMiddleware>();
        app.UseAuthorization();

        // Lets a console check its token and learn its role.
        app.MapGet("/api/whoami", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(new
        {
            name = user.Identity!.Name,
            role = user.FindFirst(System.Security.Claims.ClaimTypes.Role)!.Value,
        })).RequireAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapGet("/metrics", (PrometheusMetricsCollector metrics) =>
            Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
    }

    private static void AddOptions<TOptions, TValidator>(WebApplicationBuilder builder, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    private static (string? ConfigFile, string[] Remaining) SplitConfigArgument(string[] args)
    {
        string? configFile = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config")
            {
                if (i + 1 >= args.Length)
                    throw new ConfigurationFileException("--config: a file name must follow");
                configFile = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                configFile = args[i]["--config=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        return (configFile, rest.ToArray());
    }
}

/// <summary>The configuration file named on the command line is missing or unreadable.</summary>
public sealed class ConfigurationFileException(string message) : Exception(message);
