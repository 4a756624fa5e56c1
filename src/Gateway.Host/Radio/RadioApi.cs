using Gateway.Host.Security;

namespace Gateway.Host.Radio;

/// <summary>Body of <c>POST /api/radio/text</c>.</summary>
public sealed record RadioTextRequest(string? To, string? Text, string? Id);

/// <summary>
/// HTTP API: <c>POST /api/radio/text</c> (dispatcher) queues a text and answers 202 with its id;
/// <c>GET /api/radio/text/{id}</c> gives its terminal, message references, outcome and events (delivery, status);
/// <c>GET /api/radio/events?since=N</c> every radio event after sequence N; <c>GET /api/radio/terminals</c> the pool.
/// </summary>
internal static class RadioApi
{
    private const int MaxTextLength = 2000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var radio = app.MapGroup("/api/radio");
        radio.MapPost("/text", (RadioTextRequest request, RadioTerminalPool pool, IHostApplicationLifetime lifetime) =>
        {
            if (string.IsNullOrEmpty(request.To) || request.To.Length > 10 || !request.To.All(char.IsAsciiDigit))
                return Results.BadRequest(new { error = "to: an ISSI or GSSI (digits) is required" });
            if (string.IsNullOrEmpty(request.Text) || request.Text.Length > MaxTextLength)
                return Results.BadRequest(new { error = $"text: 1–{MaxTextLength} characters required" });
            var id = string.IsNullOrWhiteSpace(request.Id) ? "api-" + Guid.NewGuid().ToString("N") : request.Id;
            var send = pool.Send(id, request.To, request.Text, lifetime.ApplicationStopping);
            return Results.Accepted($"/api/radio/text/{Uri.EscapeDataString(id)}", new { id = send.Id, to = send.To });
        }).RequireAuthorization(ApiRoles.Dispatcher);

        radio.MapGet("/text/{id}", (string id, RadioTerminalPool pool, RadioEventLog events) =>
        {
            if (pool.Find(id) is not { } send)
                return Results.NotFound();
            var result = send.Result.IsCompletedSuccessfully ? send.Result.Result : null;
            var sendEvents = events.Since(0, id).ToList();
            // Status messages from the unit after the text went out belong to its story too.
            var first = sendEvents.FirstOrDefault()?.Sequence ?? long.MaxValue;
            sendEvents.AddRange(events.Since(first).Where(e => e.Kind == RadioEventKind.Status && e.Unit == send.To));
            return Results.Ok(new
            {
                id = send.Id,
                to = send.To,
                terminal = send.Terminal,
                state = send.Result.IsCompleted ? (result?.Outcome.ToString() ?? "Failed") : "Sending",
                references = result?.References.Select(r => (int)r),
                events = sendEvents.OrderBy(e => e.Sequence),
            });
        }).RequireAuthorization(ApiRoles.Dispatcher);

        radio.MapGet("/events", (long? since, RadioEventLog events) => Results.Ok(events.Since(since ?? 0)))
            .RequireAuthorization(ApiRoles.Dispatcher);

        radio.MapGet("/terminals", (RadioTerminalPool pool) => Results.Ok(pool.Terminals.Select(t => t.Health)))
            .RequireAuthorization();
    }
}
