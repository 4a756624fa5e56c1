using System.Buffers;
using System.Net;
using Gateway.Sip.Message;

namespace Gateway.Sip.Transport;

/// <summary>
/// One TCP/TLS connection: frames messages by Content-Length across partial reads and several messages per read,
/// and serializes writes. Each framed message is copied into an array it owns; the read buffer is pooled.
/// </summary>
internal sealed class SipStreamConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 8192;

    private readonly Stream _stream;
    private readonly SipMessageParser _parser;
    private readonly int _maxMessageSize;
    private readonly Action<SipParseResult, SipStreamConnection> _onMessage;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task? _readLoop;

    private readonly TimeProvider _timeProvider;
    private long _lastActivity;

    public SipStreamConnection(Stream stream, IPEndPoint remote, SipParseLimits limits, Action<SipParseResult, SipStreamConnection> onMessage, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _lastActivity = _timeProvider.GetTimestamp();
        _stream = stream;
        Remote = remote;
        _parser = new SipMessageParser(limits);
        _maxMessageSize = limits.MaxMessageSize;
        _onMessage = onMessage;
    }

    public IPEndPoint Remote { get; }

    /// <summary>Time since the last byte was read or written.</summary>
    public TimeSpan IdleTime => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    private void MarkActive() => Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());

    /// <summary>Completes when the connection has closed (peer closed, framing lost, or disposed).</summary>
    public Task Completion => _readLoop ?? Task.CompletedTask;

    public void Start() => _readLoop ??= Task.Run(ReadLoopAsync);

    public async ValueTask SendAsync(SipMessage message, CancellationToken cancellationToken)
    {
        var length = SipMessageSerializer.GetLength(message);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            SipMessageSerializer.Write(message, buffer);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                MarkActive();
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new SipTransportException($"Stream send to {Remote} failed: {e.Message}", Remote, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var filled = 0;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= _maxMessageSize + InitialBufferSize) return; // a message that can never fit
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _closing.Token).ConfigureAwait(false);
                if (read == 0) return;
                MarkActive();
                filled += read;
                var consumed = FrameMessages(buffer.AsMemory(0, filled), out var keepOpen);
                if (!keepOpen) return;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Peer reset or we are closing: either way the connection is over.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Delivers every complete message in <paramref name="data"/>; returns the bytes used.</summary>
    private int FrameMessages(ReadOnlyMemory<byte> data, out bool keepOpen)
    {
        keepOpen = true;
        var offset = 0;
        while (offset < data.Length)
        {
            var result = _parser.Parse(data[offset..], SipFraming.Stream);
            if (result.Error == SipParseError.NeedMoreData)
            {
                return offset + result.BytesConsumed;
            }
            if (result.IsSuccess)
            {
                // Re-parse a private copy so the message does not point into the pooled read buffer.
                var own = data.Slice(offset, result.BytesConsumed).ToArray();
                _onMessage(_parser.Parse(own, SipFraming.Stream), this);
                offset += result.BytesConsumed;
                continue;
            }
            // Framing is lost (bad Content-Length, limits): report what we can for a 400, then close.
            if (result.Message is not null) _onMessage(_parser.Parse(data[offset..].ToArray(), SipFraming.Stream), this);
            keepOpen = false;
            return data.Length;
        }
        return offset;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        // Both the idle sweep and the transport's shutdown may close a connection.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (_readLoop is not null) await _readLoop.ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }
}
