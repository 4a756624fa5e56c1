using System.Text.Json.Serialization;

namespace Gateway.Radio.AtPort;

/// <summary>Where a supervised terminal stands, as shown in /health.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeiTerminalReadiness>))]
public enum PeiTerminalReadiness
{
    /// <summary>Start-up has not succeeded yet (or is running again after a reconnect).</summary>
    Starting,

    /// <summary>Start-up succeeded; orders can go out.</summary>
    Ready,

    /// <summary>The link is gone; orders wait for it to come back.</summary>
    LinkDown,

    /// <summary>Start-up failed (a mandatory command was refused); retried on the next reconnect or <see cref="SupervisedPeiTerminal.StartAsync"/>.</summary>
    StartUpFailed,
}

/// <summary>A snapshot of a supervised terminal.</summary>
public sealed record PeiTerminalHealth(string Name, PeiTerminalReadiness Readiness, string? OwnIdentity, int StartUps, string? LastError, DateTimeOffset? ReadySince);
