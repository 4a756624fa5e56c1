using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transport;

/// <summary>
/// Connection-oriented SIP (RFC 3261 §18): a listener plus a table of open connections keyed by the remote
/// address, used for both directions so responses and new requests to a peer reuse its connection.
/// </summary>
public abstract class SipStreamTransport : ISipTransport
{
    private readonly Socket _listener;
    private readonly SipParseLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<IPEndPoint, Task<SipStreamConnection>> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;
    private ITimer? _idleSweep;

    protected SipStreamTransport(IPEndPoint bindEndPoint, SipParseLimits? limits, ILogger? logger, TimeProvider? timeProvider)
    {
        _listener = new Socket(bindEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (bindEndPoint.AddressFamily == AddressFamily.InterNetworkV6 && bindEndPoint.Address.Equals(IPAddress.IPv6Any)) _listener.DualMode = true;
        _listener.Bind(bindEndPoint);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _limits = limits ?? SipParseLimits.Default;
        Logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public abstract SipTransportProtocol Protocol { get; }
    public bool IsReliable => true;
    public IPEndPoint LocalEndPoint { get; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections with no traffic either way for this long are closed (checked every quarter of it).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);
    public int OpenConnections => _connections.Count;

    protected ILogger Logger { get; }

    public event Action<SipInboundMessage>? MessageReceived;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_acceptLoop is null)
        {
            _listener.Listen(512);
            _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
            var sweepPeriod = IdleTimeout / 4;
            _idleSweep = _timeProvider.CreateTimer(_ => CloseIdleConnections(), null, sweepPeriod, sweepPeriod);
        }
        return Task.CompletedTask;
    }

    public async ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        destination = Normalize(destination);
        SipStreamConnection connection;
        try
        {
            connection = await _connections.GetOrAdd(destination, ConnectAsync).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not SipTransportException)
        {
            _connections.TryRemove(destination, out _);
            throw new SipTransportException($"Connecting to {destination} failed: {e.Message}", destination, e);
        }
        await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wraps a fresh server-side stream (TLS handshake here).</summary>
    protected abstract ValueTask<Stream> AcceptStreamAsync(NetworkStream stream, CancellationToken cancellationToken);

    /// <summary>Wraps a fresh client-side stream.</summary>
    protected abstract ValueTask<Stream> ConnectStreamAsync(NetworkStream stream, IPEndPoint remote, CancellationToken cancellationToken);

    private async Task<SipStreamConnection> ConnectAsync(IPEndPoint destination)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(destination, linked.Token).ConfigureAwait(false);
            var stream = await ConnectStreamAsync(new NetworkStream(socket, ownsSocket: true), destination, linked.Token).ConfigureAwait(false);
            return Register(stream, destination, replaceExisting: false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) break;
                continue;
            }
            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        socket.NoDelay = true;
        var remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
        try
        {
            var stream = await AcceptStreamAsync(new NetworkStream(socket, ownsSocket: true), _stopping.Token).ConfigureAwait(false);
            Register(stream, remote, replaceExisting: true);
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "SIP {Protocol} connection from {Remote} failed to open", Protocol, remote);
            socket.Dispose();
        }
    }

    private SipStreamConnection Register(Stream stream, IPEndPoint remote, bool replaceExisting)
    {
        var connection = new SipStreamConnection(stream, remote, _limits, OnMessage, _timeProvider);
        if (replaceExisting) _connections[remote] = Task.FromResult(connection);
        connection.Start();
        _ = connection.Completion.ContinueWith(_ => Forget(connection), TaskScheduler.Default);
        return connection;
    }

    private void CloseIdleConnections()
    {
        foreach (var entry in _connections.Values)
        {
            if (entry.IsCompletedSuccessfully && entry.Result.IdleTime >= IdleTimeout)
            {
                Logger.LogDebug("Closing idle SIP {Protocol} connection to {Remote}", Protocol, entry.Result.Remote);
                _ = entry.Result.DisposeAsync().AsTask();
            }
        }
    }

    private void Forget(SipStreamConnection connection)
    {
        if (_connections.TryGetValue(connection.Remote, out var entry) && entry.IsCompletedSuccessfully && ReferenceEquals(entry.Result, connection))
        {
            _connections.TryRemove(new KeyValuePair<IPEndPoint, Task<SipStreamConnection>>(connection.Remote, entry));
        }
    }

    private void OnMessage(SipParseResult result, SipStreamConnection connection)
    {
        if (result.Message is SipRequest request) SipViaStamper.Stamp(request, connection.Remote);
        try
        {
            MessageReceived?.Invoke(new SipInboundMessage(result, connection.Remote, this));
        }
        catch (Exception e)
        {
            Logger.LogError(e, "SIP {Protocol} handler failed for a message from {Remote}", Protocol, connection.Remote);
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _idleSweep?.Dispose();
        _listener.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        foreach (var entry in _connections.Values)
        {
            if (entry.IsCompletedSuccessfully) await entry.Result.DisposeAsync().ConfigureAwait(false);
        }
        _connections.Clear();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
