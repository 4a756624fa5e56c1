using System.Buffers;
using System.Globalization;
using Gateway.Core.At;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Fax.Modem;

/// <summary>
/// Sends faxes through one ITU-T T.32 Class 2.0 modem on an <see cref="AtCommandChannel"/>:
/// set-up (<c>+FCLASS=2.0</c>, <c>+FLO=1</c>, <c>+FBO=0</c>, <c>+FCC</c>, <c>+FLI</c>), <c>ATD</c>, then per page
/// <c>AT+FDT</c> → <c>+FCS</c> → CONNECT → DLE-stuffed T.4 (LSB-first) → <c>&lt;DLE&gt;,</c> or
/// <c>&lt;DLE&gt;.</c> → <c>+FPS</c> / OK, and <c>+FHS</c> at the end. One call at a time.
/// </summary>
public sealed class Class2FaxModem : IFaxSender, IDisposable
{
    public const byte Cancel = 0x18;

    private static readonly byte[] MorePages = [DleStuffing.Dle, (byte)','];
    private static readonly byte[] LastPage = [DleStuffing.Dle, (byte)'.'];
    private static readonly byte[] CancelData = [DleStuffing.Dle, Cancel];

    private readonly AtCommandChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _callLock = new(1, 1);
    private readonly IDisposable _hangupSubscription;
    private TaskCompletionSource<FaxHangupCode> _hangup = NewHangupSource();

    public Class2FaxModem(AtCommandChannel channel, FaxModemOptions options, TimeProvider? time = null, ILogger<Class2FaxModem>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _channel = channel;
        Options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _hangupSubscription = channel.SubscribeUnsolicited("+FHS", OnHangupStatus);
    }

    public FaxModemOptions Options { get; }

    /// <summary>
    /// Calls <paramref name="number"/> and sends <paramref name="pages"/> (drawn at <paramref name="pageResolution"/>).
    /// Never throws for call failures: the result says what happened. Cancelling aborts the call (CAN, <c>AT+FKS</c>).
    /// </summary>
    public async Task<FaxSendResult> SendAsync(
        string number, IReadOnlyList<FaxBitmap> pages, FaxResolution pageResolution, CancellationToken cancellationToken = default)
    {
        FaxDialString.Validate(number, nameof(number));
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            throw new ArgumentException("A fax needs at least one page.", nameof(pages));
        }

        await _callLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var call = new CallProgress(pages.Count, () => _hangup.Task.IsCompletedSuccessfully ? _hangup.Task.Result : null);
        try
        {
            _hangup = NewHangupSource();
            return await RunCallAsync(number, pages, pageResolution, call, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AbortCallAsync().ConfigureAwait(false);
            return call.Result(FaxSendOutcome.Aborted, "cancelled; the call was aborted with AT+FKS");
        }
        catch (AtException failure)
        {
            FaxModemLog.ModemFailed(_logger, number, failure);
            await AbortCallAsync().ConfigureAwait(false);
            return call.Result(FaxSendOutcome.ModemFailure, failure.Message);
        }
        finally
        {
            _callLock.Release();
        }
    }

    public void Dispose()
    {
        _hangupSubscription.Dispose();
        _callLock.Dispose();
    }

    private async Task<FaxSendResult> RunCallAsync(
        string number, IReadOnlyList<FaxBitmap> pages, FaxResolution pageResolution, CallProgress call, CancellationToken cancellationToken)
    {
        await SetUpAsync(cancellationToken).ConfigureAwait(false);

        AtResponse dialled = await _channel.ExecuteAsync(
            new AtCommand("ATD" + number) { Timeout = Options.DialTimeout }, cancellationToken).ConfigureAwait(false);
        if (dialled.Result != AtResultCode.Ok || dialled.FindLine("+FCO") is null)
        {
            return call.Result(FailureOf(dialled, "dial"));
        }

        T30SessionParameters session = ParametersIn(dialled, "+FCS") ?? ParametersIn(dialled, "+FIS") ?? Options.Capabilities;
        using var encoder = new PageEncoder();
        for (int index = 0; index < pages.Count; index++)
        {
            bool last = index == pages.Count - 1;
            (FaxSendOutcome, string)? failure = await SendPageAsync(
                pages[index], pageResolution, index + 1, last, session, encoder, call, cancellationToken).ConfigureAwait(false);
            if (failure is { } failed)
            {
                return call.Result(failed);
            }
        }

        FaxHangupCode hangup = await AwaitHangupAsync(cancellationToken).ConfigureAwait(false);
        call.Hangup = hangup;
        if (!hangup.IsNormal)
        {
            return call.Result(FaxSendOutcome.HangupError, "modem hung up with +FHS:" + hangup);
        }

        return call.AllPagesConfirmed
            ? call.Result(FaxSendOutcome.Delivered, "all pages confirmed (MCF), +FHS:00")
            : call.Result(FaxSendOutcome.PageNotConfirmed, "not every page was confirmed");
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        string[] commands =
        [
            "AT+FCLASS=2.0",
            "AT+FLO=1",
            "AT+FBO=0",
            "AT+FCC=" + Options.Capabilities.ToCommandArguments(),
            "AT+FLI=\"" + Options.StationId + "\"",
        ];
        foreach (string text in commands)
        {
            (await _channel.ExecuteAsync(new AtCommand(text) { Timeout = Options.CommandTimeout }, cancellationToken).ConfigureAwait(false))
                .EnsureSuccess();
        }
    }

    private async Task<(FaxSendOutcome, string)?> SendPageAsync(
        FaxBitmap page,
        FaxResolution pageResolution,
        int pageNumber,
        bool last,
        T30SessionParameters dialParameters,
        PageEncoder encoder,
        CallProgress call,
        CancellationToken cancellationToken)
    {
        AtDataSession data;
        try
        {
            data = await _channel.StartDataPhaseAsync(
                new AtCommand("AT+FDT") { ResponsePrefix = "+FCS", Timeout = Options.PageStartTimeout }, cancellationToken).ConfigureAwait(false);
        }
        catch (AtCommandFailedException refused)
        {
            return FailureOf(refused.Response, $"page {pageNumber} start");
        }

        await using (data.ConfigureAwait(false))
        {
            T30SessionParameters session = ParametersIn(data.ConnectResponse, "+FCS") ?? dialParameters;
            FaxBitmap fitted = PageResolutionAdapter.Adapt(page, pageResolution, session.Resolution);
            ReadOnlyMemory<byte> coded = encoder.Encode(fitted, EncoderOptionsFor(session));
            byte[] stuffed = ArrayPool<byte>.Shared.Rent(DleStuffing.StuffedLength(coded.Span));
            try
            {
                int length = DleStuffing.Stuff(coded.Span, stuffed);
                await data.WriteAsync(stuffed.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            catch (AtDataPhaseEndedException ended)
            {
                return FailureOf(ended.Response, $"page {pageNumber} data");
            }
            catch (AtFlowControlTimeoutException held)
            {
                await CancelDataAsync(data).ConfigureAwait(false);
                return (FaxSendOutcome.FlowControlTimeout, $"page {pageNumber}: {held.Message}");
            }
            catch (OperationCanceledException)
            {
                await CancelDataAsync(data).ConfigureAwait(false);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(stuffed);
            }

            AtResponse end = await data.CompleteAsync(last ? LastPage : MorePages, Options.PageEndTimeout, cancellationToken).ConfigureAwait(false);
            if (end.Result != AtResultCode.Ok)
            {
                return FailureOf(end, $"page {pageNumber} end");
            }

            int response = PostPageResponseIn(end) ?? await QueryPostPageResponseAsync(cancellationToken).ConfigureAwait(false);
            call.Pages.Add(new FaxPageResult(pageNumber, response, coded.Length));
            FaxModemLog.PageSent(_logger, pageNumber, coded.Length, response);
            if (response != FaxPageResult.MessageConfirmation)
            {
                await AbortCallAsync().ConfigureAwait(false);
                return (FaxSendOutcome.PageNotConfirmed, $"page {pageNumber} not confirmed: +FPS:{response} ({DescribePostPage(response)})");
            }
        }

        return null;
    }

    private T4EncoderOptions EncoderOptionsFor(T30SessionParameters session) => new()
    {
        Compression = session.Compression,
        BitOrder = T4BitOrder.LsbFirst,
        Resolution = session.Resolution,
        MinimumLineBits = session.MinimumLineBits,
        AppendRtc = Options.RtcBy == RtcSender.Host,
    };

    private async Task<int> QueryPostPageResponseAsync(CancellationToken cancellationToken)
    {
        AtResponse answer = await _channel.ExecuteAsync(
            new AtCommand("AT+FPS?") { ResponsePrefix = "+FPS", Timeout = Options.CommandTimeout }, cancellationToken).ConfigureAwait(false);
        return PostPageResponseIn(answer) ?? 0;
    }

    private async Task<FaxHangupCode> AwaitHangupAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _hangup.Task.WaitAsync(Options.HangupWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AtResponse answer = await _channel.ExecuteAsync(
                new AtCommand("AT+FHS?") { ResponsePrefix = "+FHS", Timeout = Options.CommandTimeout }, cancellationToken).ConfigureAwait(false);
            string? line = answer.FindLine("+FHS");
            return line is not null && FaxHangupCode.TryParse(line, out FaxHangupCode code) ? code : new FaxHangupCode("??");
        }
    }

    private (FaxSendOutcome, string) FailureOf(AtResponse response, string step)
    {
        FaxHangupCode? hangup = _hangup.Task.IsCompletedSuccessfully ? _hangup.Task.Result : null;
        if (hangup is null && response.FindLine("+FHS") is { } line && FaxHangupCode.TryParse(line, out FaxHangupCode inLine))
        {
            hangup = inLine;
        }

        string detail = hangup is { } code ? $"{step}: {response.Result}, +FHS:{code}" : $"{step}: {response.Result}";
        FaxSendOutcome outcome = response.Result switch
        {
            AtResultCode.Busy => FaxSendOutcome.Busy,
            AtResultCode.NoAnswer => FaxSendOutcome.NoAnswer,
            AtResultCode.NoDialtone => FaxSendOutcome.NoDialtone,
            _ when hangup is { Code: "11" or "04" } => FaxSendOutcome.NoAnswer,
            _ when hangup is { IsNormal: false } => FaxSendOutcome.HangupError,
            AtResultCode.NoCarrier => FaxSendOutcome.NoCarrier,
            _ => FaxSendOutcome.ModemFailure,
        };
        return (outcome, detail);
    }

    /// <summary>
    /// CAN ends the data phase at once. Sent DLE-shielded: a bare 0x18 is ordinary T.4 data while the host
    /// sends. Bounded, best effort: the call is failing anyway.
    /// </summary>
    private async Task CancelDataAsync(AtDataSession data)
    {
        using var bounded = new CancellationTokenSource(Options.CommandTimeout, _time);
        try
        {
            await data.CompleteAsync(CancelData, Options.CommandTimeout, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is AtException or OperationCanceledException)
        {
            FaxModemLog.AbortIncomplete(_logger, failure);
        }
    }

    /// <summary><c>AT+FKS</c> terminates the session; bounded, best effort.</summary>
    private async Task AbortCallAsync()
    {
        using var bounded = new CancellationTokenSource(Options.CommandTimeout, _time);
        try
        {
            await _channel.ExecuteAsync(new AtCommand("AT+FKS") { Timeout = Options.CommandTimeout }, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is AtException or OperationCanceledException)
        {
            FaxModemLog.AbortIncomplete(_logger, failure);
        }
    }

    private void OnHangupStatus(in AtUnsolicitedMessage message)
    {
        if (FaxHangupCode.TryParse(message.LineText(), out FaxHangupCode code))
        {
            _hangup.TrySetResult(code);
        }
    }

    private static T30SessionParameters? ParametersIn(AtResponse response, string prefix) =>
        response.FindLine(prefix) is { } line && T30SessionParameters.TryParse(line, out T30SessionParameters parameters) ? parameters : null;

    private static int? PostPageResponseIn(AtResponse response)
    {
        string? line = response.FindLine("+FPS");
        if (line is null)
        {
            return null;
        }

        ReadOnlySpan<char> value = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        int comma = value.IndexOf(',');
        return int.TryParse(comma < 0 ? value : value[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out int ppr) ? ppr : null;
    }

    private static string DescribePostPage(int response) => response switch
    {
        1 => "MCF, page good",
        2 => "RTN, page bad, retrain requested",
        3 => "RTP, page good, retrain requested",
        4 => "PIN, page bad, interrupt requested",
        5 => "PIP, page good, interrupt requested",
        _ => "unknown",
    };

    private static TaskCompletionSource<FaxHangupCode> NewHangupSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Pages confirmed so far in one call.</summary>
    private sealed class CallProgress(int pageCount, Func<FaxHangupCode?> reportedHangup)
    {
        public List<FaxPageResult> Pages { get; } = [];

        public FaxHangupCode? Hangup { get; set; }

        public bool AllPagesConfirmed => Pages.Count == pageCount && Pages.All(page => page.IsConfirmed);

        public FaxSendResult Result(FaxSendOutcome outcome, string reason) =>
            new(outcome, reason, Hangup ?? reportedHangup(), Pages.ToArray(), pageCount);

        public FaxSendResult Result((FaxSendOutcome Outcome, string Reason) failure) => Result(failure.Outcome, failure.Reason);
    }

    /// <summary>Keeps one encoder per set of negotiated options within a call.</summary>
    private sealed class PageEncoder : IDisposable
    {
        private T4Encoder? _encoder;

        public ReadOnlyMemory<byte> Encode(FaxBitmap page, T4EncoderOptions options)
        {
            if (_encoder is null || _encoder.Options != options)
            {
                _encoder?.Dispose();
                _encoder = new T4Encoder(options);
            }

            return _encoder.Encode(page);
        }

        public void Dispose() => _encoder?.Dispose();
    }
}
