using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;
using Gateway.Host.Dispatch.Api;
using Gateway.Host.Dispatch.DutyTerminals;
using Gateway.Host.Dispatch.Events;
using Gateway.Host.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Dispatch;

/// <summary>Everything the host needs for the dispatch core: two calls from the composition root.</summary>
public static class DispatchHostExtensions
{
    /// <summary>Options (section <c>Dispatch</c>, validated at start), the engine as a hosted service, the duty-terminal channel, health and metrics.</summary>
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DispatchOptions>().Bind(builder.Configuration.GetSection(DispatchOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DispatchOptions>, DispatchOptionsValidator>();
        services.AddOptions<DutyTerminalOptions>().Bind(builder.Configuration.GetSection(DutyTerminalOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DutyTerminalOptions>, DutyTerminalOptionsValidator>();

        services.AddSingleton<DutyTerminalChannel>();
        services.AddSingleton<IOrderChannel>(sp => sp.GetRequiredService<DutyTerminalChannel>());
        services.AddSingleton<DutyTerminalReports>();

        services.AddSingleton<DispatchMetrics>();
        services.AddSingleton<DispatchEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatchEngineHost>());
        // Radio and fax adapters report unit status and delivery outcomes here.
        services.AddSingleton<IOrderReportSink, EngineReportSink>();

        services.AddHealthChecks().AddCheck<JournalHealthCheck>("storage:journal", tags: ["storage"]);
        return builder;
    }

    /// <summary>The REST API, the event stream and the duty-terminal socket, all under /api.</summary>
    public static WebApplication MapDispatchApi(this WebApplication app)
    {
        // Created at once so /metrics shows the dispatch meter from the start.
        app.Services.GetRequiredService<DispatchMetrics>();
        // Handlers read DispatchEngineHost.Engine; this filter answers 503 first while the engine is not running.
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<DispatchEngineHost>().Engine is null
                ? ApiJson.Problem(StatusCodes.Status503ServiceUnavailable, "the dispatch engine is not running")
                : await next(context));
        IncidentEndpoints.Map(api);
        OrderEndpoints.Map(api);
        UnitEndpoints.Map(api);
        ReportEndpoints.Map(api);
        EventStreamEndpoint.Map(api);
        DutyTerminalEndpoint.Map(api);
        return app;
    }
}
