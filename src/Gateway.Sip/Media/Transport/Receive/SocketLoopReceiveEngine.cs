using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>
/// The portable receive model: one async receive loop per socket on the .NET socket engine, with one pooled buffer
/// per loop. Works on every platform; each datagram costs a wake-up of the socket engine and a thread-pool hop, which
/// is what <see cref="EpollReceiveEngine"/> avoids on Linux.
/// </summary>
public sealed class SocketLoopReceiveEngine(ILogger<SocketLoopReceiveEngine> logger) : IUdpReceiveEngine
{
    private const int MaxDatagram = 2048;

    /// <summary>For tests and tools that do not log.</summary>
    public static SocketLoopReceiveEngine Default { get; } = new(NullLogger<SocketLoopReceiveEngine>.Instance);

    public IAsyncDisposable Register(params ReadOnlySpan<UdpReceiver> receivers)
    {
        var loops = new ReceiveLoop[receivers.Length];
        for (int i = 0; i < receivers.Length; i++)
        {
            loops[i] = new ReceiveLoop(receivers[i].Socket, receivers[i].Handler, logger);
            loops[i].Start();
        }

        return new RegistrationGroup(loops);
    }

    private sealed class ReceiveLoop(Socket socket, DatagramHandler handler, ILogger logger) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private Task _loop = Task.CompletedTask;

        public void Start() => _loop = Task.Run(RunAsync);

        public async ValueTask DisposeAsync()
        {
            if (_stopping.IsCancellationRequested) return;
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _stopping.Dispose();
        }

        private async Task RunAsync()
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
            var source = new SocketAddress(socket.AddressFamily);
            try
            {
                while (!_stopping.IsCancellationRequested)
                {
                    int length;
                    try
                    {
                        length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, source, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        continue;   // ICMP port unreachable from an earlier send
                    }

                    DatagramDelivery.Deliver(handler, buffer.AsSpan(0, length), source, socket, logger);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                // Registration disposed or socket closed.
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "UDP receive loop on {Local} failed", DatagramDelivery.LocalOf(socket));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
