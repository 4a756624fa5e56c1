using System.Text.Json;

namespace Gateway.Simulators.Devices.Radio.Roip;

/// <summary>
/// One transmission of a terminal, from the network's grant to its end: when, at which priority, why it ended,
/// the WAV recorded from the terminal's RoIP input meanwhile, and when audio first and last arrived.
/// </summary>
public sealed record PttBurst(
    int Terminal,
    int CcInstance,
    int Priority,
    DateTimeOffset GrantedAt,
    DateTimeOffset ReleasedAt,
    string Reason,
    string? WavPath,
    int Samples,
    DateTimeOffset? FirstAudioAt,
    DateTimeOffset? LastAudioAt);

/// <summary>Appends every finished PTT burst as one JSON line (the "PTT log" tests and people read).</summary>
public sealed class PttLog(string? path)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Lock _gate = new();

    public void Append(PttBurst burst)
    {
        if (path is null)
        {
            return;
        }

        var line = JsonSerializer.Serialize(burst, Json) + "\n";
        lock (_gate)
        {
            File.AppendAllText(path, line);
        }
    }
}
