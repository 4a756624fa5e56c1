namespace Gateway.Radio.Conventional;

/// <summary>Serial output that keys the transmitter.</summary>
public enum PttLine
{
    Rts,
    Dtr,
}

/// <summary>Serial input that carries the receiver's squelch (carrier operated switch).</summary>
public enum CosLine
{
    Cts,
    Dsr,
    Dcd,
}

/// <summary>
/// Wiring and timing of a conventional radio on a serial port's control lines, in the manner of
/// SvxLink / app_rpt: PTT on RTS or DTR, COS on CTS, DSR or DCD, each optionally inverted
/// (active low), a TX delay before audio, and a TX timeout that cuts a stuck PTT.
/// </summary>
public sealed class ConventionalRadioOptions
{
    public static readonly TimeSpan MaxTxDelay = TimeSpan.FromSeconds(2);

    public string Name { get; set; } = "radio";

    public PttLine PttLine { get; set; } = PttLine.Rts;

    /// <summary>True when the radio keys on the line's low level.</summary>
    public bool PttInverted { get; set; }

    public CosLine CosLine { get; set; } = CosLine.Cts;

    /// <summary>True when the squelch is open on the line's low level.</summary>
    public bool CosInverted { get; set; }

    /// <summary>Time between keying and the first audio, for the transmitter to come up.</summary>
    public TimeSpan TxDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Longest transmission; PTT is cut when it runs out.</summary>
    public TimeSpan TxTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Problems, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{nameof(Name)} must not be empty.");
        }

        if (!Enum.IsDefined(PttLine))
        {
            errors.Add($"{nameof(PttLine)} must be Rts or Dtr.");
        }

        if (!Enum.IsDefined(CosLine))
        {
            errors.Add($"{nameof(CosLine)} must be Cts, Dsr or Dcd.");
        }

        if (TxDelay < TimeSpan.Zero || TxDelay > MaxTxDelay)
        {
            errors.Add($"{nameof(TxDelay)} = {TxDelay} must be 0–{MaxTxDelay}.");
        }

        if (TxTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(TxTimeout)} = {TxTimeout} must be positive.");
        }
        else if (TxTimeout <= TxDelay)
        {
            errors.Add($"{nameof(TxTimeout)} = {TxTimeout} must be longer than {nameof(TxDelay)}.");
        }

        return errors;
    }
}
