namespace Gateway.Sip.Media.Tones;

/// <summary>
/// Call-progress tones of the Chinese network (GB/T 15279 / YDN 065): 450 Hz;
/// ringback 1 s on / 4 s off, busy 0.35 s on / 0.35 s off, dial tone continuous.
/// </summary>
public static class ChineseTones
{
    public const double FrequencyHz = 450;

    /// <summary>About −10 dBm0 with G.711's 3.14 dBm0 full-scale sine.</summary>
    public const short DefaultAmplitude = 9000;

    public static CadenceToneSource Ringback() => new(FrequencyHz, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

    public static CadenceToneSource Busy() => new(FrequencyHz, TimeSpan.FromSeconds(0.35), TimeSpan.FromSeconds(0.35));
}
