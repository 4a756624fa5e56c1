using System.Net.Sockets;

namespace Gateway.Core.Serial.Tcp;

/// <summary>Opens a low-latency TCP connection for a serial link.</summary>
internal static class TcpConnector
{
    public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
