using Gateway.Host.Security;
using Gateway.Radio.Floor;
using Gateway.Radio.Voice;

namespace Gateway.Host.Radio.Voice;

/// <summary>Body of <c>POST /api/radio/voice</c>: the terminal, optionally a talkgroup or ISSI, and "normal" or "emergency".</summary>
public sealed record RadioVoiceRequest(string? Terminal, string? Target, string? Priority);

/// <summary>Body of <c>POST /api/radio/voice/{id}/ptt</c>.</summary>
public sealed record RadioPttRequest(bool Keyed);

/// <summary>
/// Voice orders over HTTP (dispatcher role): <c>POST /api/radio/voice</c> opens one on a terminal (201; 409 when the
/// radio carries an order it may not pre-empt); <c>GET /api/radio/voice</c> and <c>GET /api/radio/voice/{id}</c> show
/// them; <c>POST /api/radio/voice/{id}/ptt</c> keys or unkeys (409 when keying is refused: radio receiving, no grant);
/// <c>DELETE /api/radio/voice/{id}</c> ends one (PTT released, radio call cleared, a SIP dispatcher gets a BYE).
/// </summary>
internal static class RadioVoiceApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var voice = app.MapGroup("/api/radio/voice").RequireAuthorization(ApiRoles.Dispatcher);
        voice.MapPost("", async (RadioVoiceRequest request, RadioVoiceOrders orders, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrEmpty(request.Terminal) || !orders.HasLine(request.Terminal))
                return Results.BadRequest(new { error = "terminal: a terminal with voice (RoIP) configuration is required" });
            if (request.Target is { } target && (target.Length is 0 or > 10 || !target.All(char.IsAsciiDigit)))
                return Results.BadRequest(new { error = "target: a talkgroup or ISSI (digits)" });
            FloorPriority priority;
            switch (request.Priority?.ToLowerInvariant())
            {
                case null or "normal":
                    priority = FloorPriority.Normal;
                    break;
                case "emergency":
                    priority = FloorPriority.Emergency;
                    break;
                default:
                    return Results.BadRequest(new { error = "priority: normal or emergency" });
            }

            try
            {
                var session = await orders.StartAsync(request.Terminal, request.Target, priority, cancellationToken);
                return Results.Created($"/api/radio/voice/{session.Id}", View(session));
            }
            catch (RadioVoiceBusyException busy)
            {
                return Results.Conflict(new { error = busy.Message, active = busy.ActiveOrderId });
            }
            catch (Exception ex) when (ex is Gateway.Radio.Pei.PeiCommandException or InvalidOperationException or TimeoutException or ArgumentException)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        voice.MapGet("", (RadioVoiceOrders orders) => Results.Ok(orders.Active.Select(View)));

        voice.MapGet("/{id}", (string id, RadioVoiceOrders orders) =>
            orders.Find(id) is { } session ? Results.Ok(View(session)) : Results.NotFound());

        voice.MapPost("/{id}/ptt", async (string id, RadioPttRequest request, RadioVoiceOrders orders) =>
        {
            if (orders.Find(id) is not { } session)
                return Results.NotFound();
            if (!request.Keyed)
            {
                await session.UnkeyAsync();
                return Results.Ok(View(session));
            }

            return await session.KeyAsync()
                ? Results.Ok(View(session))
                : Results.Conflict(new { error = session.Floor.RadioReceiving ? "the radio is receiving" : "PTT not granted", order = View(session) });
        });

        voice.MapDelete("/{id}", async (string id, RadioVoiceOrders orders) =>
        {
            if (orders.Find(id) is not { } session)
                return Results.NotFound();
            await session.EndAsync("ended by API");
            return Results.Ok(new { id, ended = await session.Ended });
        });
    }

    private static object View(RadioVoiceSession session) => new
    {
        id = session.Id,
        terminal = session.Line,
        target = session.Target,
        channel = session.Channel,
        priority = session.Priority.ToString(),
        state = session.State.ToString(),
        keyed = session.Floor.IsKeyed,
        keyedBy = session.Floor.KeyedBy?.ToString(),
        radioReceiving = session.Floor.RadioReceiving,
        started = session.Started,
    };
}
