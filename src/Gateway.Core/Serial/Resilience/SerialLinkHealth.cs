namespace Gateway.Core.Serial.Resilience;

/// <summary>What /health shows for one serial link.</summary>
public sealed record SerialLinkHealth(
    string Address,
    SerialLinkState State,
    DateTimeOffset Since,
    string? LastError,
    int FailedAttempts,
    long Reconnects);
