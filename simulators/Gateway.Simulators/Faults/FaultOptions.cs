namespace Gateway.Simulators.Faults;

/// <summary>Faults every simulated device can inject, set from the command line or by a test.</summary>
public sealed record FaultOptions
{
    /// <summary>Share (0..1) of output bytes silently dropped.</summary>
    public double DropRate { get; init; }

    /// <summary>Share (0..1) of output bytes replaced with a random byte.</summary>
    public double GarbleRate { get; init; }

    /// <summary>Delay before every reply the device sends.</summary>
    public TimeSpan ReplyDelay { get; init; }

    /// <summary>After this many commands the device goes silent (null: never).</summary>
    public int? StopAnsweringAfter { get; init; }

    /// <summary>When this command (1-based, counted over the host's life) arrives, every port closes, once.</summary>
    public int? CloseAfterCommands { get; init; }

    /// <summary>How long the ports stay closed after <see cref="CloseAfterCommands"/>.</summary>
    public TimeSpan ReopenAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Seed of the random source for drop and garble, so a failing run can be repeated.</summary>
    public int Seed { get; init; } = 2217;
}
