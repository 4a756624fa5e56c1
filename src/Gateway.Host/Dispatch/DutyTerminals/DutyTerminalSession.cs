using System.Net.WebSockets;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>One connected duty-terminal socket. Sends are serialised: a WebSocket allows one send at a time.</summary>
internal sealed class DutyTerminalSession(string terminalId, WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public string TerminalId { get; } = terminalId;

    public bool IsOpen => socket.State == WebSocketState.Open;

    public async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public void Dispose() => _sendGate.Dispose();
}
