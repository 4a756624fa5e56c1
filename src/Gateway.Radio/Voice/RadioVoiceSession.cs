using Gateway.Radio.Floor;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Voice;

public enum RadioVoiceSessionState
{
    Active,
    Ended,
}

/// <summary>
/// The radio-side state of one voice order, in one place: its channel on the radio, its floor controller and why it
/// ended. Media feeds it voice activity and DTMF; the API keys and unkeys it. The radio's events (receiving, TX
/// timeout, call released) go to the floor controller. Ending — by hang-up, error, pre-emption, the radio or
/// shutdown — always unkeys first, then closes the radio channel, exactly once.
/// </summary>
public sealed class RadioVoiceSession : IAsyncDisposable
{
    private readonly IRadioVoiceChannel _channel;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ending;

    internal RadioVoiceSession(string id, string line, string? target, FloorPriority priority, IRadioVoiceChannel channel,
        FloorControlOptions floorOptions, TimeProvider time, ILoggerFactory loggers)
    {
        Id = id;
        Line = line;
        Target = target;
        Priority = priority;
        _channel = channel;
        _logger = loggers.CreateLogger<RadioVoiceSession>();
        Started = time.GetUtcNow();
        Floor = new FloorController(channel.Transmitter, floorOptions, time, loggers.CreateLogger<FloorController>(), priority);
        Floor.Decided += decision => Decided?.Invoke(this, decision);
        channel.ReceivingChanged += receiving => Observe(SetReceivingAsync(receiving), "receiving change");
        channel.TransmitTimedOut += () => Observe(Floor.OnTransmitterTimedOutAsync(), "TX timeout");
        channel.Ended += reason => Observe(EndAsync($"radio: {reason}"), "radio end");
        if (channel.Receiving)
        {
            Observe(SetReceivingAsync(true), "receiving at start");
        }
    }

    public string Id { get; }

    public string Line { get; }

    public string? Target { get; }

    public string Channel => _channel.Description;

    public FloorPriority Priority { get; }

    public DateTimeOffset Started { get; }

    public FloorController Floor { get; }

    /// <summary>Audio may go to the radio now: the floor is keyed and the radio transmits (granted, not releasing).</summary>
    public bool OnAir => Floor.IsKeyed && _channel.OnAir;

    public RadioVoiceSessionState State => _ended.Task.IsCompleted ? RadioVoiceSessionState.Ended : RadioVoiceSessionState.Active;

    /// <summary>Why the order ended (completes once it has, after PTT was released and the call closed).</summary>
    public Task<string> Ended => _ended.Task;

    public event Action<RadioVoiceSession, FloorDecision>? Decided;

    /// <summary>The radio started (true) or stopped receiving; raised after the floor controller knows.</summary>
    public event Action<RadioVoiceSession, bool>? ReceivingChanged;

    /// <summary>Called once the order has ended, before <see cref="Ended"/> completes (the registry forgets it).</summary>
    internal Action<RadioVoiceSession>? OnEnded { get; set; }

    public Task OnVoiceStartAsync() => Floor.OnVoiceStartAsync();

    public Task OnVoiceStopAsync() => Floor.OnVoiceStopAsync();

    public Task OnDtmfAsync(char digit) => Floor.OnDtmfAsync(digit);

    /// <summary>Keys by API at the order's priority; false when refused (radio receiving, no grant).</summary>
    public Task<bool> KeyAsync() => Floor.KeyByApiAsync(Priority);

    public Task UnkeyAsync() => Floor.UnkeyByApiAsync();

    /// <summary>Ends the order: unkeys, closes the radio channel. Later calls wait for the first to finish.</summary>
    public async Task EndAsync(string reason)
    {
        if (Interlocked.Exchange(ref _ending, 1) == 1)
        {
            await _ended.Task.ConfigureAwait(false);
            return;
        }

        _logger.LogInformation("Voice order {Id} on {Line} ({Channel}) ends: {Reason}", Id, Line, Channel, reason);
        try
        {
            await Floor.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Unkeying voice order {Id} failed", Id);
        }

        try
        {
            await _channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Closing the radio side of voice order {Id} failed", Id);
        }

        OnEnded?.Invoke(this);
        _ended.TrySetResult(reason);
    }

    private async Task SetReceivingAsync(bool receiving)
    {
        await Floor.SetRadioReceivingAsync(receiving).ConfigureAwait(false);
        ReceivingChanged?.Invoke(this, receiving);
    }

    public async ValueTask DisposeAsync() => await EndAsync("disposed").ConfigureAwait(false);

    private void Observe(Task task, string what) => _ = task.ContinueWith(
        t => _logger.LogError(t.Exception, "Voice order {Id}: handling {What} failed", Id, what),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
