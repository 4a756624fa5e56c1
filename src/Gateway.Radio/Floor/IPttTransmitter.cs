namespace Gateway.Radio.Floor;

/// <summary>How urgent a keying request is. Emergency may key over a unit that is talking.</summary>
public enum FloorPriority
{
    Normal,
    Emergency,
}

/// <summary>
/// A radio path the floor controller keys: a conventional radio's PTT line, or a TETRA call's
/// <c>AT+CTXD</c>/<c>AT+CUTXC</c> (an adapter over <c>PeiTerminal</c>).
/// </summary>
public interface IPttTransmitter
{
    /// <summary>Keys the transmitter; true when audio may flow (PTT settled / granted).</summary>
    Task<bool> KeyAsync(FloorPriority priority, CancellationToken cancellationToken);

    /// <summary>Unkeys; safe to call when not keyed.</summary>
    Task UnkeyAsync(CancellationToken cancellationToken);
}
