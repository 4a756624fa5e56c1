using Gateway.Sip.Call;
using Gateway.Sip.Call.Conference;

namespace Gateway.Host.Sip;

/// <summary>Registers <c>app:conference:ROOM</c> (rooms, their metrics and the call application).</summary>
internal static class ConferencingRegistration
{
    public static IServiceCollection AddConferencing(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ConferenceMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new ConferenceRooms(sp.GetRequiredService<ConferenceMetrics>()));
        services.AddSingleton<ConferenceApplication>();
        services.AddSingleton<ICallApplication>(sp => sp.GetRequiredService<ConferenceApplication>());
        return services;
    }
}
