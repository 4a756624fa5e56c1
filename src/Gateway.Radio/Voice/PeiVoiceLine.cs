using Gateway.Radio.Floor;
using Gateway.Radio.Pei;

namespace Gateway.Radio.Voice;

/// <summary>
/// A TETRA terminal as a voice line: each order is a call set up with <c>AT+CTSDC</c> + <c>ATD</c> — a group call to
/// a talkgroup the line knows (its own by default), an individual simplex call to any other identity. Emergency
/// orders use call priority 15.
/// </summary>
public sealed class PeiVoiceLine(PeiTerminal terminal, string? ownTalkgroup, TimeProvider time, IReadOnlyCollection<string>? otherTalkgroups = null) : IRadioVoiceLine
{
    /// <summary>How long the dialled call may take to show its CC instance (first call URC).</summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(5);

    public const int NormalCallPriority = 0;
    public const int EmergencyCallPriority = 15;

    public string Name => terminal.Name;

    public async Task<IRadioVoiceChannel> OpenAsync(string? target, FloorPriority priority, CancellationToken cancellationToken)
    {
        var identity = string.IsNullOrEmpty(target) ? ownTalkgroup : target;
        if (identity is null)
        {
            throw new ArgumentException($"Terminal {Name} has no talkgroup configured: the order must name a talkgroup or ISSI.", nameof(target));
        }

        var isGroup = identity == ownTalkgroup || (otherTalkgroups?.Contains(identity) ?? false);
        var kind = isGroup ? PeiCallKind.Group : PeiCallKind.IndividualSimplex;
        var callPriority = priority == FloorPriority.Emergency ? EmergencyCallPriority : NormalCallPriority;
        var channel = new PeiVoiceChannel(terminal, isGroup ? $"group {identity}" : $"unit {identity}", time);
        await channel.DialAsync(identity, kind, callPriority, cancellationToken).ConfigureAwait(false);
        return channel;
    }
}

/// <summary>One voice order's call on a TETRA terminal, following the call's URCs.</summary>
internal sealed class PeiVoiceChannel : IRadioVoiceChannel
{
    private readonly PeiTerminal _terminal;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _identified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PeiCall? _call;
    private int _closed;

    public PeiVoiceChannel(PeiTerminal terminal, string description, TimeProvider time)
    {
        _terminal = terminal;
        _time = time;
        Description = description;
        Transmitter = new DeferredTransmitter(this);
    }

    public IPttTransmitter Transmitter { get; }

    public bool OnAir => _call is { State: PeiCallState.Transmitting };

    public bool Receiving => _call is { State: PeiCallState.Receiving };

    public string Description { get; }

    public event Action<bool>? ReceivingChanged;

    public event Action? TransmitTimedOut;

    public event Action<string>? Ended;

    public async Task DialAsync(string identity, PeiCallKind kind, int callPriority, CancellationToken cancellationToken)
    {
        _terminal.CallStateChanged += OnCallStateChanged;
        _terminal.TransmitTimedOut += OnTransmitTimedOut;
        try
        {
            _call = await _terminal.DialAsync(identity, kind, callPriority, cancellationToken).ConfigureAwait(false);
            if (_call.CcInstance is null)
            {
                // The CC instance comes with the call's first URC, which may follow ATD's OK.
                await _identified.Task.WaitAsync(PeiVoiceLine.SetupTimeout, _time, cancellationToken).ConfigureAwait(false);
            }

            if (!_call.IsActive)
            {
                throw new InvalidOperationException($"The call to {identity} was released during set-up ({_call.DisconnectCause}).");
            }
        }
        catch
        {
            await CloseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        Detach();
        if (_call is { IsActive: true } call)
        {
            await _terminal.HangUpAsync(call, cancellationToken).ConfigureAwait(false);
        }
        else if (_call is { } released)
        {
            await _terminal.ReleaseTransmitAsync(released, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Detach()
    {
        _terminal.CallStateChanged -= OnCallStateChanged;
        _terminal.TransmitTimedOut -= OnTransmitTimedOut;
    }

    private void OnCallStateChanged(PeiCall call, PeiCallTransition transition)
    {
        // The dialled call is known once DialAsync returns; URCs before that can only be set-up progress.
        if (!ReferenceEquals(call, _call))
        {
            return;
        }

        if (call.CcInstance is not null || transition.To == PeiCallState.Released)
        {
            _identified.TrySetResult();
        }

        if (transition.To == PeiCallState.Receiving)
        {
            ReceivingChanged?.Invoke(true);
        }
        else if (transition.From == PeiCallState.Receiving)
        {
            ReceivingChanged?.Invoke(false);
        }

        if (transition.To == PeiCallState.Released && Volatile.Read(ref _closed) == 0)
        {
            Ended?.Invoke(transition.Cause);
        }
    }

    private void OnTransmitTimedOut(PeiCall call)
    {
        if (ReferenceEquals(call, _call))
        {
            TransmitTimedOut?.Invoke();
        }
    }

    /// <summary>The call's transmitter; keying before the call exists fails.</summary>
    private sealed class DeferredTransmitter(PeiVoiceChannel channel) : IPttTransmitter
    {
        public async Task<bool> KeyAsync(FloorPriority priority, CancellationToken cancellationToken) =>
            channel._call is { IsActive: true } call
            && await new PeiCallTransmitter(channel._terminal, call).KeyAsync(priority, cancellationToken).ConfigureAwait(false);

        public Task UnkeyAsync(CancellationToken cancellationToken) =>
            channel._call is { } call ? channel._terminal.ReleaseTransmitAsync(call, cancellationToken) : Task.CompletedTask;
    }
}
