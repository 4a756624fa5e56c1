using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Model;

namespace Gateway.Host.Dispatch.Api;

/// <summary>/api/orders: dispatch, read, trail, status and feedback entered by a dispatcher.</summary>
internal static class OrderEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/orders", DispatchAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
        api.MapGet("/orders", (DispatchEngine engine) => ApiJson.Ok(engine.Orders.OrderBy(o => o.CreatedAt)))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/orders/{id:guid}", (Guid id, DispatchEngine engine) =>
                engine.GetOrder(id) is { } order ? ApiJson.Ok(order) : ApiJson.Problem(StatusCodes.Status404NotFound, $"order {id} not found"))
            .RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapGet("/orders/{id:guid}/events", TrailAsync).RequireAuthorization(DispatchPolicies.AnyRole);
        api.MapPost("/orders/{id:guid}/status", StatusAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
        api.MapPost("/orders/{id:guid}/feedback", FeedbackAsync).RequireAuthorization(DispatchPolicies.Dispatcher);
    }

    private static async Task<IResult> DispatchAsync(HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<DispatchOrderRequest>(request);
        if (error is not null)
            return error;
        if (body!.IncidentId is not { } incidentId || string.IsNullOrWhiteSpace(body.UnitId))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "incidentId and unitId are required");
        return (await engine.DispatchOrderAsync(incidentId, body.UnitId, body.Text ?? "")).ToHttp();
    }

    private static async Task<IResult> TrailAsync(Guid id, DispatchEngine engine, CancellationToken cancellationToken)
    {
        if (engine.GetOrder(id) is null)
            return ApiJson.Problem(StatusCodes.Status404NotFound, $"order {id} not found");
        var events = await engine.ReadOrderEventsAsync(id, cancellationToken);
        return ApiJson.Ok(events.Select(EventJson.ToWire));
    }

    private static async Task<IResult> StatusAsync(Guid id, HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<StatusRequest>(request);
        if (error is not null)
            return error;
        if (body!.State is not { } state || !Enum.IsDefined(state))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "state is required");
        return (await engine.ReportStatusAsync(new OrderStatusReport(id, state, Channel: null, Note: body.Note), request.HttpContext.RequestAborted)).ToHttp();
    }

    private static async Task<IResult> FeedbackAsync(Guid id, HttpRequest request, DispatchEngine engine)
    {
        var (body, error) = await ApiJson.ReadAsync<FeedbackRequest>(request);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.Note))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "note (the result of the handling) is required");
        var report = new OrderStatusReport(id, OrderState.FeedbackReceived, Channel: null, Note: body.Note);
        return (await engine.ReportStatusAsync(report, request.HttpContext.RequestAborted)).ToHttp();
    }
}
