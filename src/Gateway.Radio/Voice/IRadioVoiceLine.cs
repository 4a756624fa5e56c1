using Gateway.Radio.Floor;

namespace Gateway.Radio.Voice;

/// <summary>A radio a voice order can talk through: a TETRA terminal (a call per order) or a conventional radio.</summary>
public interface IRadioVoiceLine
{
    string Name { get; }

    /// <summary>
    /// Opens the radio side of an order to <paramref name="target"/> (a talkgroup or ISSI; null: the line's own
    /// talkgroup or channel). Emergency priority sets the call up at emergency priority where the radio knows one.
    /// </summary>
    Task<IRadioVoiceChannel> OpenAsync(string? target, FloorPriority priority, CancellationToken cancellationToken);
}

/// <summary>The radio side of one voice order: its transmitter, what the radio hears, and its end.</summary>
public interface IRadioVoiceChannel
{
    IPttTransmitter Transmitter { get; }

    /// <summary>True while the radio transmits for us (granted, not being released): only then may audio go to it.</summary>
    bool OnAir { get; }

    /// <summary>True while the radio receives now (the state when the order starts; changes come as events).</summary>
    bool Receiving { get; }

    /// <summary>What the channel talks to, e.g. "group 9001" or "unit 2001".</summary>
    string Description { get; }

    /// <summary>True while the radio receives (a unit talking, squelch open): half duplex forbids keying.</summary>
    event Action<bool>? ReceivingChanged;

    /// <summary>The radio cut our transmission itself (TX timeout).</summary>
    event Action? TransmitTimedOut;

    /// <summary>The radio side ended without us (call released by the network, link lost), with why.</summary>
    event Action<string>? Ended;

    /// <summary>Releases PTT and ends the call; safe to call more than once.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
