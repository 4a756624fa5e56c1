using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;

namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/orders: dispatch, read, trail, status and feedback entered by a dispatcher.</summary>
internal static class OrderEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/orders", DispatchAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
        api.MapGet("/orders", (DispatchEngineHost dispatch) => ApiJson.Ok(dispatch.Engine!.Orders.OrderBy(o => o.CreatedAt)))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/orders/{id:guid}", (Guid id, DispatchEngineHost dispatch) =>
                dispatch.Engine!.GetOrder(id) is { } order ? ApiJson.Ok(order) : ApiJson.Problem(StatusCodes.Status404NotFound, $"order {id} not found"))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/orders/{id:guid}/events", TrailAsync).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/orders/{id:guid}/status", StatusAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
        api.MapPost("/orders/{id:guid}/feedback", FeedbackAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
    }

    private static async Task<IResult> DispatchAsync(HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<DispatchOrderRequest>(request);
        if (error is not null)
            return error;
        if (body!.IncidentId is not { } incidentId || string.IsNullOrWhiteSpace(body.UnitId))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "incidentId and unitId are required");
        return (await dispatch.Engine!.DispatchOrderAsync(incidentId, body.UnitId, body.Text ?? "")).ToHttp();
    }

    private static async Task<IResult> TrailAsync(Guid id, DispatchEngineHost dispatch, CancellationToken cancellationToken)
    {
        if (dispatch.Engine!.GetOrder(id) is null)
            return ApiJson.Problem(StatusCodes.Status404NotFound, $"order {id} not found");
        var events = await dispatch.Engine!.ReadOrderEventsAsync(id, cancellationToken);
        return ApiJson.Ok(events.Select(EventJson.ToWire));
    }

    private static async Task<IResult> StatusAsync(Guid id, HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<StatusRequest>(request);
        if (error is not null)
            return error;
        if (body!.State is not { } state || !Enum.IsDefined(state))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "state is required");
        return (await dispatch.Engine!.ReportStatusAsync(new OrderStatusReport(id, state, Channel: null, Note: body.Note), request.HttpContext.RequestAborted)).ToHttp();
    }

    private static async Task<IResult> FeedbackAsync(Guid id, HttpRequest request, DispatchEngineHost dispatch)
    {
        var (body, error) = await ApiJson.ReadAsync<FeedbackRequest>(request);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.Note))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "note (the result of the handling) is required");
        var report = new OrderStatusReport(id, OrderState.FeedbackReceived, Channel: null, Note: body.Note);
        return (await dispatch.Engine!.ReportStatusAsync(report, request.HttpContext.RequestAborted)).ToHttp();
    }
}
