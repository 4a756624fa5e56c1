namespace Gateway.Core.Serial.Resilience;

/// <summary>Backoff between attempts to reopen a lost link: exponential from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>.</summary>
public sealed record ReconnectOptions
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spreads retries of many links that failed together; off in tests for exact delays.</summary>
    public bool UseJitter { get; init; } = true;
}
