using System.Text.Json.Serialization;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Events;

/// <summary>Source-generated JSON for journal payloads (no reflection on the write path).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DispatchEventBody))]
[JsonSerializable(typeof(LinkageUnit))]
internal sealed partial class DispatchJson : JsonSerializerContext;
