
namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/incidents: open (any role), list and read (any role), hand over (dispatcher).</summary>
internal static class IncidentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/incidents", OpenAsync).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/incidents", (DispatchEngineHost dispatch) => ApiJson.Ok(dispatch.Engine!.Incidents.OrderBy(i => i.OpenedAt)))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/incidents/{id:guid}", (Guid id, DispatchEngineHost dispatch) =>
                dispatch.Engine!.GetIncident(id) is { } incident ? ApiJson.Ok(incident) : ApiJson.Problem(StatusCodes.Status404NotFound, $"incident {id} not found"))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/incidents/{id:guid}/handover", HandOverAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
    }

    private static async Task<IResult> OpenAsync(HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<OpenIncidentRequest>(request);
        if (error is not null)
            return error;
        var draft = body!.ToDraft(out var problem);
        if (draft is null)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, problem!);
        return (await dispatch.Engine!.OpenIncidentAsync(draft)).ToHttp();
    }

    private static async Task<IResult> HandOverAsync(Guid id, HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<HandoverRequest>(request);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.ToUnitId))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "toUnitId is required");
        return (await dispatch.Engine!.HandOverAsync(id, body.ToUnitId, body.Reason ?? "handover")).ToHttp();
    }
}
