using System.Net.WebSockets;
using Gateway.Host.Dispatch.Api;

namespace Gateway.Host.Dispatch.Events;

/// <summary>
/// <c>GET /api/events?since=N</c> as a WebSocket (any API role; token in the Authorization header or
/// <c>?access_token=</c>): every journaled event after N, then live events, one JSON text message each, in
/// sequence order and exactly once. A client that drops reconnects with the last sequence it processed.
/// The server only sends; a close from the client ends the stream.
/// </summary>
internal static class EventStreamEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/events", StreamAsync).RequireAuthorization(DispatchPolicies.AnyRole);

    private static async Task<IResult> StreamAsync(HttpContext context, DispatchEngineHost dispatch, IHostApplicationLifetime lifetime, TimeProvider time, string? since)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "connect with a WebSocket upgrade");
        var after = 0L;
        if (since is not null && (!long.TryParse(since, out after) || after < 0))
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "since must be a sequence number (0 or more)");

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var closedByClient = WatchForCloseAsync(socket, stop);
        try
        {
            await foreach (var entry in dispatch.Engine!.FollowEventsAsync(after, stop.Token))
                await socket.SendAsync(EventJson.Serialize(entry), WebSocketMessageType.Text, endOfMessage: true, stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the host is stopping: it resumes with ?since= its last sequence.
        }
        await stop.CancelAsync();
        await closedByClient;
        await CloseQuietlyAsync(socket, time);
        return Results.Empty;
    }

    /// <summary>Reads (and discards) until the client closes, then stops the stream.</summary>
    private static async Task WatchForCloseAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[256];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        await stop.CancelAsync();
    }

    internal static async Task CloseQuietlyAsync(WebSocket socket, TimeProvider time)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }
}
