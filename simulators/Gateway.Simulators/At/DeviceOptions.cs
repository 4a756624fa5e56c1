namespace Gateway.Simulators.At;

/// <summary>Device-specific command-line options (<c>--issi 1001</c> → "issi" = "1001").</summary>
public sealed class DeviceOptions(IReadOnlyDictionary<string, string> values)
{
    public static DeviceOptions Empty { get; } = new(new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string Get(string name, string defaultValue) => Values.TryGetValue(name, out var value) ? value : defaultValue;
}
