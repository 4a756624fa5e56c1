using System.Text.Json;
using Gateway.Dispatch.Events;

namespace Gateway.Dispatch.Storage;

internal static class JournalCodec
{
    public static string Encode(DispatchEventBody body) =>
        JsonSerializer.Serialize(body, DispatchJson.Default.DispatchEventBody);

    public static DispatchEventBody Decode(string payload, long sequence) =>
        JsonSerializer.Deserialize(payload, DispatchJson.Default.DispatchEventBody)
            ?? throw new InvalidDataException($"Journal entry {sequence} has an empty payload.");
}
