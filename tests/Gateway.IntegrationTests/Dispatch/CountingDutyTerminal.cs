using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Gateway.IntegrationTests.Dispatch;

/// <summary>
/// A duty-terminal client that stays connected across gateway crashes (reconnecting to each new process),
/// counts every order it receives by idempotency key and acknowledges each one.
/// </summary>
internal sealed class CountingDutyTerminal(GatewayProcessRunner gateway, string terminalId, string token)
{
    private readonly Lock _gate = new();
    private (int Generation, TaskCompletionSource Pong)? _pending;
    private int _registeredGeneration;
    private TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;

    public ConcurrentDictionary<string, int> Received { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failedGeneration = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            (int Generation, Uri Address) up;
            try
            {
                up = await gateway.WaitUpAsync(failedGeneration, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await ServeAsync(up.Generation, up.Address, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JsonException or IOException)
            {
                if (cancellationToken.IsCancellationRequested)
                    return;
            }
            // Connection lost: the gateway died (wait for the next process) or was not ready yet (retry soon).
            failedGeneration = up.Generation;
            await Task.WhenAny(gateway.WaitUpAsync(up.Generation, cancellationToken), Task.Delay(100, cancellationToken));
            failedGeneration = 0;
        }
    }

    /// <summary>Returns once the terminal is registered with a gateway of generation <paramref name="generation"/> or later.</summary>
    public async Task WaitRegisteredAsync(int generation, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_registeredGeneration >= generation)
                    return;
                next = _registered.Task;
            }
            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A ping/pong round trip: every order the gateway wrote to this socket before has been counted.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientWebSocket socket;
        lock (_gate)
        {
            socket = _socket ?? throw new InvalidOperationException("not connected");
            _pending = (_registeredGeneration, pong);
        }
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "ping" }), WebSocketMessageType.Text, true, cancellationToken);
        await pong.Task.WaitAsync(cancellationToken);
    }

    private async Task ServeAsync(int generation, Uri address, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = $"/api/duty/{terminalId}" }.Uri, cancellationToken);
        lock (_gate)
            _socket = socket;
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "ping" }), WebSocketMessageType.Text, true, cancellationToken);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                using var message = JsonDocument.Parse(buffer.AsMemory(0, length));
                var type = message.RootElement.GetProperty("type").GetString();
                if (type == "order")
                {
                    var key = message.RootElement.GetProperty("key").GetString()!;
                    Received.AddOrUpdate(key, 1, (_, n) => n + 1);
                    await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "ack", key }), WebSocketMessageType.Text, true, cancellationToken);
                }
                else if (type == "pong")
                {
                    OnPong(generation);
                }
            }
        }
        finally
        {
            lock (_gate)
                _socket = null;
        }
    }

    private void OnPong(int generation)
    {
        TaskCompletionSource? registered = null;
        TaskCompletionSource? pending = null;
        lock (_gate)
        {
            if (_registeredGeneration < generation)
            {
                _registeredGeneration = generation;
                registered = _registered;
                _registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (_pending is { } p)
            {
                pending = p.Pong;
                _pending = null;
            }
        }
        registered?.TrySetResult();
        pending?.TrySetResult();
    }
}
