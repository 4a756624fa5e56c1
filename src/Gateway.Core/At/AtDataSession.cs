using System.Runtime.ExceptionServices;

namespace Gateway.Core.At;

/// <summary>
/// Exclusive raw access to the device after CONNECT (e.g. fax page data). Writes pause while the
/// device holds XOFF and fail with <see cref="AtFlowControlTimeoutException"/> when it holds it longer
/// than <see cref="AtChannelOptions.MaxXoffHold"/>. Lines the device sends meanwhile are still read:
/// a final result (e.g. NO CARRIER) ends the phase and fails further writes with
/// <see cref="AtDataPhaseEndedException"/>. Finish with <see cref="CompleteAsync"/>, or dispose to
/// give the channel back without waiting (after an abort); either way the channel returns to line mode.
/// </summary>
public sealed class AtDataSession : IAsyncDisposable
{
    private readonly AtCommandChannel _channel;
    private readonly PendingCommand _phase;
    private int _finished;

    internal AtDataSession(AtCommandChannel channel, AtResponse connectResponse, PendingCommand phase)
    {
        _channel = channel;
        _phase = phase;
        ConnectResponse = connectResponse;
    }

    /// <summary>The CONNECT answer that opened the phase (with any intermediate lines before it).</summary>
    public AtResponse ConnectResponse { get; }

    /// <summary>True while the device holds XOFF.</summary>
    public bool IsPaused => _channel.Flow.IsPaused;

    /// <summary>The final result the device ended the phase with, once it has.</summary>
    public AtResponse? EndedBy => _phase.Result.IsCompletedSuccessfully ? _phase.Result.Result : null;

    /// <summary>Writes <paramref name="data"/> in chunks, waiting out XOFF between them.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _finished) != 0, this);
        int chunkSize = _channel.Options.DataChunkSize;
        while (!data.IsEmpty)
        {
            await WaitUntilClearToSendAsync(cancellationToken).ConfigureAwait(false);
            int count = Math.Min(chunkSize, data.Length);
            await _channel.WriteRawAsync(data[..count], cancellationToken).ConfigureAwait(false);
            data = data[count..];
        }
    }

    /// <summary>
    /// Writes <paramref name="trailer"/> (e.g. <c>DLE ETX</c>; may be empty), waits for the final
    /// result that ends the phase, and gives the channel back. If the device already ended the
    /// phase, returns that result without writing.
    /// </summary>
    public async Task<AtResponse> CompleteAsync(ReadOnlyMemory<byte> trailer, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _finished) != 0, this);
        try
        {
            if (!_phase.Result.IsCompleted && !trailer.IsEmpty)
            {
                await WaitUntilClearToSendAsync(cancellationToken).ConfigureAwait(false);
                await _channel.WriteRawAsync(trailer, cancellationToken).ConfigureAwait(false);
            }

            return await _channel.AwaitDataPhaseResultAsync(
                _phase, timeout ?? _channel.Options.DefaultCommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AtDataPhaseEndedException ended)
        {
            return ended.Response;
        }
        finally
        {
            Finish();
        }
    }

    public ValueTask DisposeAsync()
    {
        Finish();
        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitUntilClearToSendAsync(CancellationToken cancellationToken)
    {
        ThrowIfPhaseEnded();
        Task resumed = _channel.Flow.WhenResumed;
        if (resumed.IsCompleted)
        {
            return;
        }

        TimeSpan maxHold = _channel.Options.MaxXoffHold;
        try
        {
            await Task.WhenAny(resumed, _phase.Result).WaitAsync(maxHold, _channel.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _channel.CountFlowControlTimeout(maxHold);
            throw new AtFlowControlTimeoutException(maxHold);
        }

        ThrowIfPhaseEnded();
    }

    private void ThrowIfPhaseEnded()
    {
        Task<AtResponse> result = _phase.Result;
        if (!result.IsCompleted)
        {
            return;
        }

        if (result.Exception?.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        throw new AtDataPhaseEndedException(result.Result);
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            _channel.EndDataPhase(_phase);
        }
    }
}
