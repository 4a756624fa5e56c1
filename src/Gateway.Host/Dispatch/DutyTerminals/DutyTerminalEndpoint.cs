using System.Buffers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Gateway.Dispatch.Engine;
using Gateway.Host.Dispatch.Api;
using Gateway.Host.Dispatch.Events;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// <c>GET /api/duty/{terminalId}</c> as a WebSocket. The terminal authenticates with its own token (see
/// <see cref="DutyTerminalOptions"/>) in the Authorization header or <c>?access_token=</c>; a wrong or missing
/// token is 401 and a token of another terminal 403, both before the upgrade.
/// </summary>
internal static class DutyTerminalEndpoint
{
    /// <summary>A report is a few hundred bytes; anything longer is refused without being buffered further.</summary>
    private const int MaxMessageBytes = 16 * 1024;

    public static void Map(RouteGroupBuilder api) => api.MapGet("/duty/{terminalId}", ConnectAsync);

    private static async Task<IResult> ConnectAsync(
        string terminalId,
        HttpContext context,
        IOptions<DutyTerminalOptions> options,
        DutyTerminalChannel channel,
        DutyTerminalReports reports,
        IHostApplicationLifetime lifetime,
        TimeProvider time)
    {
        var credential = Authenticate(context.Request, options.Value);
        if (credential is null)
            return ApiJson.Problem(StatusCodes.Status401Unauthorized, "a duty terminal token is required");
        if (!string.Equals(credential.Id, terminalId, StringComparison.Ordinal))
            return ApiJson.Problem(StatusCodes.Status403Forbidden, $"this token belongs to terminal '{credential.Id}'");
        if (!context.WebSockets.IsWebSocketRequest)
            return ApiJson.Problem(StatusCodes.Status400BadRequest, "connect with a WebSocket upgrade");

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var session = new DutyTerminalSession(terminalId, socket);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using (channel.Register(session))
        {
            await ReceiveReportsAsync(socket, session, reports, stop.Token);
        }
        await EventStreamEndpoint.CloseQuietlyAsync(socket, time);
        return Results.Empty;
    }

    private static async Task ReceiveReportsAsync(WebSocket socket, DutyTerminalSession session, DutyTerminalReports reports, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult received;
                do
                {
                    if (length == MaxMessageBytes)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                        return;
                    }
                    received = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, MaxMessageBytes - length), cancellationToken);
                    length += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
                if (received.MessageType == WebSocketMessageType.Close)
                    return;
                var answer = await reports.HandleAsync(session.TerminalId, buffer.AsMemory(0, length), cancellationToken);
                await session.SendAsync(answer.Serialize(), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Dropped or stopping: orders already offered wait for the ack timeout, then fall back.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DutyTerminalCredential? Authenticate(HttpRequest request, DutyTerminalOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : request.Query.TryGetValue("access_token", out var query) ? query.ToString()
            : null;
        if (string.IsNullOrEmpty(token))
            return null;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return options.Terminals.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(hash, t.TokenHash()));
    }
}
