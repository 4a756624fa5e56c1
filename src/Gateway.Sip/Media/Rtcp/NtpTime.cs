namespace Gateway.Sip.Media.Rtcp;

/// <summary>64-bit NTP timestamps (seconds since 1900 in 32.32 fixed point) as RTCP uses them.</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTime(DateTimeOffset time)
    {
        TimeSpan sinceEpoch = time - Epoch;
        ulong seconds = (ulong)(sinceEpoch.Ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)((sinceEpoch.Ticks % TimeSpan.TicksPerSecond) * 4294967296.0 / TimeSpan.TicksPerSecond);
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (16.16 seconds) used by LSR and round-trip arithmetic.</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Converts a 16.16 fixed-point span of seconds (LSR/DLSR units) to a TimeSpan.</summary>
    public static TimeSpan FromCompact(uint compact) => TimeSpan.FromTicks((long)(compact * (double)TimeSpan.TicksPerSecond / 65536.0));

    public static uint ToCompact(TimeSpan span) => (uint)(span.Ticks * 65536.0 / TimeSpan.TicksPerSecond);
}
