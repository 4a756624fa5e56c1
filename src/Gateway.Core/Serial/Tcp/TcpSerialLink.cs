using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Serial.Tcp;

/// <summary>
/// Raw TCP to a serial device server in "TCP server" mode (Moxa-style): the socket carries the
/// serial bytes unchanged; line settings and control lines stay with the device server.
/// </summary>
public sealed class TcpSerialLink : SerialLinkBase
{
    private readonly string _host;
    private readonly int _port;
    private readonly ILogger _logger;
    private Socket? _socket;

    public TcpSerialLink(string address, string host, int port, ILogger<TcpSerialLink>? logger = null)
        : base(address)
    {
        _host = host;
        _port = port;
        _logger = logger ?? NullLogger<TcpSerialLink>.Instance;
    }

    public override bool SupportsControlLines => false;

    public override async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        SetState(SerialLinkState.Connecting);
        try
        {
            _socket = await TcpConnector.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            Counters.Error();
            SetState(SerialLinkState.Faulted);
            throw new IOException($"Cannot connect to {_host}:{_port} for {Address}: {ex.Message}", ex);
        }

        _logger.LogInformation("Connected to serial device server {Host}:{Port}", _host, _port);
        SetState(SerialLinkState.Open);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var socket = _socket ?? throw new SerialLinkUnavailableException(Address, State);
        int read;
        try
        {
            read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw Lost(ex);
        }

        if (read == 0)
        {
            SetState(SerialLinkState.Faulted);
            return 0;
        }

        Counters.BytesReceived(read);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var socket = _socket ?? throw new SerialLinkUnavailableException(Address, State);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                Counters.BytesSent(sent);
                data = data[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw Lost(ex);
        }
    }

    public override ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{Address} is raw TCP: it has no control lines (use rfc2217:// for RTS/DTR)");

    public override ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        SetState(SerialLinkState.Closed);
        return ValueTask.CompletedTask;
    }

    private SerialLinkLostException Lost(Exception cause)
    {
        Counters.Error();
        SetState(SerialLinkState.Faulted);
        return new SerialLinkLostException(Address, cause);
    }
}
