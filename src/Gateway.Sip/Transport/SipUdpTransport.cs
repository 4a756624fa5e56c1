using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18): one socket, one receive loop. Each datagram is copied into an array of its own
/// size, which the parsed message then owns; sends serialize into a pooled buffer.
/// </summary>
public sealed class SipUdpTransport : ISipTransport
{
    private const int MaxDatagram = 65535;
    /// <summary>
    /// One receive loop serves every call, so a burst (or a moment descheduled) must fit in the kernel's queue: the
    /// default ~208 KB holds only a few hundred messages. The kernel caps this at net.core.rmem_max / wmem_max.
    /// </summary>
    private const int SocketBufferBytes = 4 << 20;

    private readonly Socket _socket;
    private readonly SipMessageParser _parser;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _receiveLoop;

    public SipUdpTransport(IPEndPoint bindEndPoint, SipParseLimits? limits = null, ILogger<SipUdpTransport>? logger = null)
    {
        _socket = new Socket(bindEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bindEndPoint.AddressFamily == AddressFamily.InterNetworkV6 && bindEndPoint.Address.Equals(IPAddress.IPv6Any)) _socket.DualMode = true;
        _socket.ReceiveBufferSize = SocketBufferBytes;
        _socket.SendBufferSize = SocketBufferBytes;
        _socket.Bind(bindEndPoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _parser = new SipMessageParser(limits);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public SipTransportProtocol Protocol => SipTransportProtocol.Udp;
    public bool IsReliable => false;
    public IPEndPoint LocalEndPoint { get; }

    public event Action<SipInboundMessage>? MessageReceived;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _receiveLoop ??= Task.Run(ReceiveLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        var length = SipMessageSerializer.GetLength(message);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            SipMessageSerializer.Write(message, buffer);
            await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, MapForSocket(destination), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new SipTransportException($"UDP send to {destination} failed: {e.SocketErrorCode}", destination, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        EndPoint any = LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                // ICMP errors for earlier sends surface here; they concern the sender, not this loop.
                continue;
            }
            if (received.ReceivedBytes == 0) continue;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            Dispatch(datagram, Normalize((IPEndPoint)received.RemoteEndPoint));
        }
    }

    private void Dispatch(byte[] datagram, IPEndPoint remote)
    {
        var result = _parser.Parse(datagram, SipFraming.Datagram);
        if (result.Error == SipParseError.Empty) return; // keep-alive
        if (result.Message is SipRequest request) SipViaStamper.Stamp(request, remote);
        try
        {
            MessageReceived?.Invoke(new SipInboundMessage(result, remote, this));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "SIP UDP handler failed for a message from {Remote}", remote);
        }
    }

    private IPEndPoint MapForSocket(IPEndPoint destination) =>
        _socket.DualMode && destination.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(destination.Address.MapToIPv6(), destination.Port) : destination;

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveLoop is not null) await _receiveLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
