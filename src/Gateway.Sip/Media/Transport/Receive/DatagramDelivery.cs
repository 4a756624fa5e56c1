using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>What every receive model does with a datagram: hand it over, and keep going if the handler throws.</summary>
internal static class DatagramDelivery
{
    public static void Deliver(DatagramHandler handler, Span<byte> datagram, SocketAddress source, Socket socket, ILogger logger)
    {
        try
        {
            handler(datagram, source);
        }
        catch (Exception exception)
        {
            // A handler bug must not stop the socket's (or, on a shared thread, everybody's) packets.
            logger.LogError(exception, "UDP datagram handler on {Local} failed", LocalOf(socket));
        }
    }

    public static string LocalOf(Socket socket)
    {
        try
        {
            return socket.LocalEndPoint?.ToString() ?? "?";
        }
        catch (ObjectDisposedException)
        {
            return "closed socket";
        }
    }
}
