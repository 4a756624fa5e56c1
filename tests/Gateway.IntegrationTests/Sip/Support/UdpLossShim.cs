using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Sip.Support;

/// <summary>
/// A lossy UDP hop between one client socket and one server socket: datagrams arriving on <see cref="FrontEndPoint"/>
/// go to the server from a back socket, the server's datagrams go back to the last client seen. Each direction drops
/// a seeded-random share of datagrams, so runs are repeatable in what the dice say (not in timing).
/// </summary>
internal sealed class UdpLossShim : IAsyncDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly double _dropRate;
    private readonly Random _towardServerDice;
    private readonly Random _towardClientDice;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _towardServer;
    private readonly Task _towardClient;
    private IPEndPoint? _client;
    private long _forwarded;
    private long _dropped;

    public UdpLossShim(IPEndPoint server, double dropRate, int seed)
    {
        _server = server;
        _dropRate = dropRate;
        _towardServerDice = new Random(seed);
        _towardClientDice = new Random(seed + 1);
        foreach (var socket in new[] { _front, _back })
        {
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }
        FrontEndPoint = (IPEndPoint)_front.LocalEndPoint!;
        BackEndPoint = (IPEndPoint)_back.LocalEndPoint!;
        _towardServer = Task.Run(() => PumpAsync(_front, _back, _towardServerDice, towardServer: true));
        _towardClient = Task.Run(() => PumpAsync(_back, _front, _towardClientDice, towardServer: false));
    }

    /// <summary>Where the client sends (and what it should advertise in Via/Contact so the peer answers through us).</summary>
    public IPEndPoint FrontEndPoint { get; }
    /// <summary>Where the server's requests toward the client go (the client's Contact when it sits behind us).</summary>
    public IPEndPoint BackEndPoint { get; }
    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long Dropped => Interlocked.Read(ref _dropped);

    private async Task PumpAsync(Socket from, Socket to, Random dice, bool towardServer)
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send
            }
            IPEndPoint? destination;
            if (towardServer)
            {
                Volatile.Write(ref _client, (IPEndPoint)received.RemoteEndPoint);
                destination = _server;
            }
            else
            {
                destination = Volatile.Read(ref _client);
            }
            // Only this pump's task rolls its dice, so the sequence of decisions is fixed by the seed.
            if (destination is null || dice.NextDouble() < _dropRate)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            try
            {
                await to.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, destination);
                Interlocked.Increment(ref _forwarded);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _dropped);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _front.Dispose();
        _back.Dispose();
        await Task.WhenAll(_towardServer, _towardClient);
        _stopping.Dispose();
    }
}
