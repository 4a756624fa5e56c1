using System.Net;
using System.Net.Sockets;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>Handles one received datagram. The span and the address are only valid during the call.</summary>
public delegate void DatagramHandler(Span<byte> datagram, SocketAddress source);

/// <summary>One socket to receive on and what to do with its datagrams.</summary>
public readonly record struct UdpReceiver(Socket Socket, DatagramHandler Handler);

/// <summary>
/// Delivers the datagrams arriving on UDP sockets to their handlers. Handlers run on the engine's threads, one
/// datagram at a time per socket, and must not block: on a shared engine they hold up every other socket's packets.
/// </summary>
public interface IUdpReceiveEngine
{
    /// <summary>
    /// Starts delivering each socket's datagrams to its handler; sockets registered together belong together (a
    /// leg's RTP and RTCP) and are served by the same thread where the engine has several. Disposing the result stops
    /// all of them; once that has completed no handler is running or will be called again, so the sockets can close.
    /// </summary>
    IAsyncDisposable Register(params ReadOnlySpan<UdpReceiver> receivers);
}
