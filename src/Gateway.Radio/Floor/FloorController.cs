using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Floor;

/// <summary>Who asked for the floor.</summary>
public enum FloorKeySource
{
    Voice,
    Dtmf,
    Api,
}

public enum FloorDecisionKind
{
    Keyed,
    Unkeyed,

    /// <summary>A keying request refused because the radio is receiving (half duplex).</summary>
    Blocked,

    /// <summary>The transmitter did not become ready (refused grant, unkeyed during TX delay).</summary>
    KeyFailed,
}

/// <summary>One floor decision, for logs, events and tests.</summary>
public sealed record FloorDecision(FloorDecisionKind Kind, FloorKeySource? Source, string Reason);

/// <summary>
/// Half-duplex floor control between a dispatcher's voice leg and a radio. PTT is keyed while the
/// dispatcher talks (voice activity start/stop with hang time), by DTMF (<c>*</c> keys and latches,
/// <c>#</c> unkeys) or by the API. While the radio receives (COS open / a unit talking) nothing keys
/// unless the request has emergency priority. Hang-up, errors, a transmitter timeout and stop
/// always unkey. Inputs are serialised; the controller holds no audio, only decisions.
/// </summary>
public sealed class FloorController : IAsyncDisposable
{
    private readonly IPttTransmitter _transmitter;
    private readonly FloorControlOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FloorController> _logger;
    private readonly FloorPriority _keyingPriority;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITimer? _hangTimer;
    private long _hangGeneration;
    private bool _voiceActive;
    private bool _voiceLockedOut;
    private bool _stopped;

    /// <param name="keyingPriority">Priority of voice and DTMF keying (an emergency voice order keys over a talking unit).</param>
    public FloorController(IPttTransmitter transmitter, FloorControlOptions options, TimeProvider time, ILogger<FloorController> logger,
        FloorPriority keyingPriority = FloorPriority.Normal)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _transmitter = transmitter;
        _options = options;
        _time = time;
        _logger = logger;
        _keyingPriority = keyingPriority;
    }

    public bool IsKeyed => KeyedBy is not null;

    public FloorKeySource? KeyedBy { get; private set; }

    public bool RadioReceiving { get; private set; }

    public event Action<FloorDecision>? Decided;

    public Task OnVoiceStartAsync() => RunAsync(async () =>
    {
        _voiceActive = true;
        CancelHangTimer();
        if (!_options.VoiceKeying || _voiceLockedOut || IsKeyed)
        {
            return;
        }

        await TryKeyAsync(FloorKeySource.Voice, _keyingPriority).ConfigureAwait(false);
    });

    public Task OnVoiceStopAsync() => RunAsync(() =>
    {
        _voiceActive = false;
        _voiceLockedOut = false;
        if (KeyedBy == FloorKeySource.Voice)
        {
            StartHangTimer();
        }

        return Task.CompletedTask;
    });

    public Task OnDtmfAsync(char digit) => RunAsync(async () =>
    {
        if (!_options.DtmfKeying)
        {
            return;
        }

        if (digit == _options.DtmfKeyDigit)
        {
            if (IsKeyed)
            {
                KeyedBy = FloorKeySource.Dtmf; // latch: voice pauses no longer unkey
                CancelHangTimer();
                return;
            }

            await TryKeyAsync(FloorKeySource.Dtmf, _keyingPriority).ConfigureAwait(false);
        }
        else if (digit == _options.DtmfUnkeyDigit)
        {
            await UnkeyAsync(FloorKeySource.Dtmf, "DTMF unkey").ConfigureAwait(false);
        }
    });

    /// <summary>Keys on behalf of the API; emergency priority keys even while the radio receives.</summary>
    public async Task<bool> KeyByApiAsync(FloorPriority priority)
    {
        var keyed = false;
        await RunAsync(async () =>
        {
            if (IsKeyed)
            {
                KeyedBy = FloorKeySource.Api;
                CancelHangTimer();
                keyed = true;
                return;
            }

            keyed = await TryKeyAsync(FloorKeySource.Api, priority).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return keyed;
    }

    public Task UnkeyByApiAsync() => RunAsync(() => UnkeyAsync(FloorKeySource.Api, "API unkey"));

    /// <summary>The radio started or stopped receiving (COS, or a TETRA grant to another party).</summary>
    public Task SetRadioReceivingAsync(bool receiving) => RunAsync(() =>
    {
        RadioReceiving = receiving;
        return Task.CompletedTask;
    });

    /// <summary>The transmitter cut PTT itself (TX timeout): voice cannot re-key until the dispatcher pauses.</summary>
    public Task OnTransmitterTimedOutAsync() => RunAsync(() =>
    {
        CancelHangTimer();
        var source = KeyedBy;
        KeyedBy = null;
        _voiceLockedOut = _voiceActive;
        Decide(FloorDecisionKind.Unkeyed, source, "transmitter TX timeout");
        return Task.CompletedTask;
    });

    public Task OnHangUpAsync() => RunAsync(() => ForceUnkeyAsync("hang-up"));

    public Task OnErrorAsync(Exception error) => RunAsync(() =>
    {
        _logger.LogError(error, "Voice path error; unkeying");
        return ForceUnkeyAsync("error");
    });

    public async Task StopAsync()
    {
        await RunAsync(() => ForceUnkeyAsync("stop")).ConfigureAwait(false);
        _stopped = true;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<bool> TryKeyAsync(FloorKeySource source, FloorPriority priority)
    {
        if (RadioReceiving && priority != FloorPriority.Emergency)
        {
            Decide(FloorDecisionKind.Blocked, source, "radio is receiving");
            return false;
        }

        var ready = await _transmitter.KeyAsync(priority, CancellationToken.None).ConfigureAwait(false);
        if (!ready)
        {
            await _transmitter.UnkeyAsync(CancellationToken.None).ConfigureAwait(false);
            Decide(FloorDecisionKind.KeyFailed, source, "transmitter not ready");
            return false;
        }

        KeyedBy = source;
        Decide(FloorDecisionKind.Keyed, source, priority == FloorPriority.Emergency ? "emergency" : "normal");
        return true;
    }

    private async Task UnkeyAsync(FloorKeySource requester, string reason)
    {
        CancelHangTimer();
        if (!IsKeyed)
        {
            return;
        }

        KeyedBy = null;
        await _transmitter.UnkeyAsync(CancellationToken.None).ConfigureAwait(false);
        Decide(FloorDecisionKind.Unkeyed, requester, reason);
    }

    /// <summary>Unkeys the transmitter whatever the controller believes: the safe state on any ending.</summary>
    private async Task ForceUnkeyAsync(string reason)
    {
        CancelHangTimer();
        var source = KeyedBy;
        KeyedBy = null;
        _voiceActive = false;
        _voiceLockedOut = false;
        await _transmitter.UnkeyAsync(CancellationToken.None).ConfigureAwait(false);
        Decide(FloorDecisionKind.Unkeyed, source, reason);
    }

    private void StartHangTimer()
    {
        CancelHangTimer();
        var generation = ++_hangGeneration;
        _hangTimer = _time.CreateTimer(_ => _ = OnHangTimeElapsedAsync(generation).ContinueWith(
            static (task, state) => ((ILogger)state!).LogError(task.Exception, "Hang-time unkey failed"),
            _logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default), null, _options.VoiceHangTime, Timeout.InfiniteTimeSpan);
    }

    private void CancelHangTimer()
    {
        _hangGeneration++;
        _hangTimer?.Dispose();
        _hangTimer = null;
    }

    private Task OnHangTimeElapsedAsync(long generation) => RunAsync(async () =>
    {
        if (generation != _hangGeneration || KeyedBy != FloorKeySource.Voice || _voiceActive)
        {
            return;
        }

        await UnkeyAsync(FloorKeySource.Voice, "voice hang time elapsed").ConfigureAwait(false);
    });

    private async Task RunAsync(Func<Task> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failing transmitter must not leave PTT keyed: try once more to unkey.
            _logger.LogError(ex, "Floor control action failed; unkeying");
            KeyedBy = null;
            try
            {
                await _transmitter.UnkeyAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception unkeyError)
            {
                _logger.LogError(unkeyError, "Unkey after failure failed");
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Decide(FloorDecisionKind kind, FloorKeySource? source, string reason)
    {
        _logger.LogInformation("Floor {Kind} ({Source}): {Reason}", kind, source, reason);
        Decided?.Invoke(new FloorDecision(kind, source, reason));
    }
}
