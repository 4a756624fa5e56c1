namespace Gateway.Fax.Jobs;

/// <summary>How often and how patiently a job is retried (busy, no answer, carrier loss, phase B–D failures).</summary>
public sealed record FaxRetryOptions
{
    /// <summary>Attempts after the first.</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Exponential back-off never waits longer than this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    public bool UseJitter { get; init; } = true;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 100, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
    }
}
