namespace Gateway.Sip.Transaction;

/// <summary>RFC 3261 §17 / Table 4 timer values; every other timer derives from T1, T2 and T4.</summary>
public sealed record SipTimerSettings
{
    public static SipTimerSettings Default { get; } = new();

    /// <summary>RTT estimate (500 ms).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Longest retransmit interval for non-INVITE requests and INVITE responses (4 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);
    /// <summary>Longest time a message stays in the network (5 s).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H, J and the RFC 6026 timers L, M: 64·T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: wait for response retransmissions after ACK (≥ 32 s over UDP).</summary>
    public TimeSpan TimerD(bool reliable) => reliable ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(32, TransactionTimeout.TotalSeconds));
    public TimeSpan TimerI(bool reliable) => reliable ? TimeSpan.Zero : T4;
    public TimeSpan TimerJ(bool reliable) => reliable ? TimeSpan.Zero : TransactionTimeout;
    public TimeSpan TimerK(bool reliable) => reliable ? TimeSpan.Zero : T4;
}
