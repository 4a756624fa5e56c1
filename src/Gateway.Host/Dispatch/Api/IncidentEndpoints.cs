using Gateway.Dispatch.Engine;

namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/incidents: open (any role), list and read (any role), hand over (dispatcher).</summary>
internal static class IncidentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/incidents", OpenAsync).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/incidents", (DispatchEngine engine) => ApiJson.Ok(engine.Incidents.OrderBy(i => i.OpenedAt)))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/incidents/{id:guid}", (Guid id, DispatchEngine engine) =>
                engine.GetIncident(id) is { } incident ? ApiJson.Ok(incident) : ApiJson.Problem(StatusCodes.Status404NotFound, $"incident {id} not found"))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/incidents/{id:guid}/handover", HandOverAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
    }

    private static async Task<IResult> OpenAsync(HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<OpenIncidentRequest>(request);
        if (error is not null)
            return error;
        var draft = body!.ToDraft(out var problem);
        if (draft is null)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, problem!);
        return (await engine.OpenIncidentAsync(draft)).ToHttp();
    }

    private static async Task<IResult> HandOverAsync(Guid id, HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<HandoverRequest>(request);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.ToUnitId))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "toUnitId is required");
        return (await engine.HandOverAsync(id, body.ToUnitId, body.Reason ?? "handover")).ToHttp();
    }
}
