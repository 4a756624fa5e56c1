using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Transport;

/// <summary>
/// Listens on one TCP port and hands each accepted socket to a handler. Can be stopped (closing the
/// listener and every connection, as a device server that goes away) and started again on the same port.
/// </summary>
public sealed class TcpPortListener(IPAddress address, int port, Func<Socket, CancellationToken, Task> handleConnection, ILogger logger)
{
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private Socket? _listener;
    private CancellationTokenSource? _running;
    private Task? _acceptLoop;

    /// <summary>The bound port (the requested one, or the one the OS chose for port 0).</summary>
    public int Port { get; private set; } = port;

    public void Start()
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // Rebinding the same port right after a fault-injected close must not wait for TIME_WAIT.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(address, Port));
        listener.Listen(16);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _running = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(listener, _running.Token);
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _connections.Clear();
        _running.Dispose();
        _running = null;
        _listener = null;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            logger.LogDebug("Connection from {Remote} on port {Port}", socket.RemoteEndPoint, Port);
            _connections[socket] = ServeAsync(socket, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await handleConnection(socket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Connection on port {Port} failed", Port);
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }
}
