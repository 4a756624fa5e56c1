using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Core.Serial.Tcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Serial.Rfc2217;

/// <summary>
/// A serial port behind an RFC 2217 (Telnet COM Port Control) server such as a Moxa NPort or ser2net.
/// A receive pump decodes the telnet stream continuously, so modem-state notifications arrive even
/// when nobody reads; data goes through a pipe to <see cref="ReadAsync"/>.
/// </summary>
public sealed class Rfc2217SerialLink : SerialLinkBase
{
    private const int ReceiveBufferSize = 4096;

    private readonly string _host;
    private readonly int _port;
    private readonly SerialLineSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _negotiationTimeout;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Socket? _socket;
    private Pipe? _pipe;
    private Task? _pump;

    public Rfc2217SerialLink(
        string address,
        string host,
        int port,
        SerialLineSettings settings,
        TimeProvider? timeProvider = null,
        TimeSpan? negotiationTimeout = null,
        ILogger<Rfc2217SerialLink>? logger = null)
        : base(address)
    {
        _host = host;
        _port = port;
        _settings = settings;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _negotiationTimeout = negotiationTimeout ?? TimeSpan.FromSeconds(5);
        _logger = logger ?? NullLogger<Rfc2217SerialLink>.Instance;
    }

    public override bool SupportsControlLines => true;

    /// <summary>Malformed telnet sequences the server sent (counted, skipped).</summary>
    public long MalformedSequences { get; private set; }

    public override async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        SetState(SerialLinkState.Connecting);
        Socket socket;
        try
        {
            socket = await TcpConnector.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            Counters.Error();
            SetState(SerialLinkState.Faulted);
            throw new IOException($"Cannot connect to RFC 2217 server {_host}:{_port} for {Address}: {ex.Message}", ex);
        }

        _socket = socket;
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
        var negotiator = new Rfc2217Negotiator();
        var decided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        negotiator.ComPortDecided += accepted => decided.TrySetResult(accepted);
        negotiator.InputLinesChanged += SetInputLines;
        negotiator.WriteOpening();
        await SendAsync(negotiator.PendingOutput, cancellationToken).ConfigureAwait(false);
        negotiator.ClearPendingOutput();
        _pump = Task.Run(() => PumpAsync(socket, _pipe.Writer, negotiator), CancellationToken.None);

        try
        {
            var accepted = await decided.Task.WaitAsync(_negotiationTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            if (!accepted)
            {
                throw new IOException($"{_host}:{_port} refused COM-PORT-OPTION: it is not an RFC 2217 server ({Address})");
            }

            await SendLineSettingsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or OperationCanceledException)
        {
            Counters.Error();
            await CloseTransportAsync().ConfigureAwait(false);
            SetState(SerialLinkState.Faulted);
            if (ex is TimeoutException)
            {
                throw new IOException($"{_host}:{_port} did not accept COM-PORT-OPTION within {_negotiationTimeout.TotalSeconds:0.#} s ({Address})", ex);
            }

            throw;
        }

        _logger.LogInformation("RFC 2217 link to {Host}:{Port} open ({Settings})", _host, _port, _settings);
        SetState(SerialLinkState.Open);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var reader = _pipe?.Reader ?? throw new SerialLinkUnavailableException(Address, State);
        ReadResult result;
        try
        {
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new SerialLinkLostException(Address, ex);
        }

        var available = result.Buffer;
        if (available.IsEmpty && result.IsCompleted)
        {
            reader.AdvanceTo(available.End);
            return 0;
        }

        var count = (int)Math.Min(available.Length, buffer.Length);
        var taken = available.Slice(0, count);
        taken.CopyTo(buffer.Span);
        reader.AdvanceTo(taken.End);
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        var escaped = ArrayPool<byte>.Shared.Rent(TelnetEscaper.MaxEscapedLength(data.Length));
        try
        {
            var length = TelnetEscaper.Escape(data.Span, escaped);
            await SendAsync(escaped.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            Counters.BytesSent(data.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(escaped);
        }
    }

    public override async ValueTask SetControlLinesAsync(bool? rts, bool? dtr, CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        if (rts is not null && _settings.FlowControl == SerialFlowControl.RtsCts)
        {
            throw new InvalidOperationException($"RTS of {Address} is driven by RTS/CTS flow control and cannot be set by hand");
        }

        var frame = new byte[2 * ComPortFrames.MaxFrameLength];
        var length = 0;
        if (rts is { } rtsOn)
        {
            length += ComPortFrames.Command(frame, ComPortCodes.SetControl, rtsOn ? ComPortCodes.ControlRtsOn : ComPortCodes.ControlRtsOff);
        }

        if (dtr is { } dtrOn)
        {
            length += ComPortFrames.Command(frame.AsSpan(length), ComPortCodes.SetControl, dtrOn ? ComPortCodes.ControlDtrOn : ComPortCodes.ControlDtrOff);
        }

        await SendAsync(frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            await _disposed.CancelAsync().ConfigureAwait(false);
        }

        await CloseTransportAsync().ConfigureAwait(false);
        SetState(SerialLinkState.Closed);
    }

    private async ValueTask SendLineSettingsAsync(CancellationToken cancellationToken)
    {
        var frames = new byte[6 * ComPortFrames.MaxFrameLength];
        var length = ComPortFrames.SetBaudRate(frames, _settings.BaudRate);
        length += ComPortFrames.Command(frames.AsSpan(length), ComPortCodes.SetDataSize, (byte)_settings.DataBits);
        length += ComPortFrames.Command(frames.AsSpan(length), ComPortCodes.SetParity, ComPortFrames.ParityCode(_settings.Parity));
        length += ComPortFrames.Command(frames.AsSpan(length), ComPortCodes.SetStopSize, ComPortFrames.StopSizeCode(_settings.StopBits));
        length += ComPortFrames.Command(frames.AsSpan(length), ComPortCodes.SetControl, ComPortFrames.FlowControlCode(_settings.FlowControl));
        // Ask for every modem-state change (levels and deltas); line-state (errors, break) is not used.
        length += ComPortFrames.Command(frames.AsSpan(length), ComPortCodes.SetModemStateMask, 0xFF);
        await SendAsync(frames.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new SerialLinkUnavailableException(Address, State);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Counters.Error();
            SetState(SerialLinkState.Faulted);
            throw new SerialLinkLostException(Address, ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PumpAsync(Socket socket, PipeWriter writer, Rfc2217Negotiator negotiator)
    {
        var decoder = new TelnetDecoder();
        Exception? failure = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ReceiveBufferSize);
                var received = await socket.ReceiveAsync(memory, SocketFlags.None, _disposed.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                // Decode in place: data bytes never run ahead of the input.
                var span = memory.Span[..received];
                var dataLength = decoder.Decode(span, span, negotiator);
                MalformedSequences = decoder.MalformedCount;
                if (!negotiator.PendingOutput.IsEmpty)
                {
                    await SendAsync(negotiator.PendingOutput, _disposed.Token).ConfigureAwait(false);
                    negotiator.ClearPendingOutput();
                }

                if (dataLength > 0)
                {
                    Counters.BytesReceived(dataLength);
                    writer.Advance(dataLength);
                    var flush = await writer.FlushAsync(_disposed.Token).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // Disposed: end quietly.
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            failure = new SerialLinkLostException(Address, ex);
            Counters.Error();
        }

        if (!_disposed.IsCancellationRequested)
        {
            _logger.LogWarning("RFC 2217 link {Address} closed by the server or lost", Address);
            SetState(SerialLinkState.Faulted);
        }

        await writer.CompleteAsync(failure).ConfigureAwait(false);
    }

    private async Task CloseTransportAsync()
    {
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
