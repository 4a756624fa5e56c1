namespace Gateway.Sip.Media.Vad;

public sealed class VadOptions
{
    /// <summary>Frame energy (RMS, dB relative to full scale) above which a frame counts as voice.</summary>
    public double ThresholdDbfs { get; init; } = -40;

    /// <summary>Voice must last this long before speech starts (ignores clicks).</summary>
    public TimeSpan Attack { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Speech ends only after this much quiet (bridges pauses between words).</summary>
    public TimeSpan HangTime { get; init; } = TimeSpan.FromMilliseconds(500);

    public int SampleRate { get; init; } = 8000;
}
