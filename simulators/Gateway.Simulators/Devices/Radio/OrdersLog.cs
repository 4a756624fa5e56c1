using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Simulators.Devices.Radio;

/// <summary>One order as a unit got it.</summary>
public sealed record ReceivedOrder(
    DateTimeOffset Time,
    int Terminal,
    int Unit,
    int Destination,
    int MessageReference,
    int Coding,
    int ReportRequest,
    int Part,
    int Parts,
    string Text);

/// <summary>Appends every order a unit receives to a file, one JSON object per line (UTF-8, Chinese kept readable).</summary>
public sealed class OrdersLog(string? path)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lock _gate = new();

    public void Append(ReceivedOrder order)
    {
        if (path is null)
        {
            return;
        }

        var line = JsonSerializer.Serialize(order, Json) + "\n";
        lock (_gate)
        {
            File.AppendAllText(path, line);
        }
    }
}
