namespace Gateway.Radio.Sds;

/// <summary>What a unit reports about an order with a status message.</summary>
public enum OrderStatusState
{
    Received,
    EnRoute,
    OnScene,
    Completed,
    NeedSupport,
}

/// <summary>
/// Status values (AI service 13, 16 bits) the units' terminals send for each order state. Values
/// 32768–65535 are free for user meanings (EN 300 392-2 reserves the lower range), so each must lie
/// there and no two states may share a value. Section name in configuration: <see cref="SectionName"/>.
/// </summary>
public sealed class OrderStatusOptions
{
    public const string SectionName = "Radio:StatusValues";
    public const int FirstUserValue = 32768;
    public const int LastUserValue = 65535;

    public int Received { get; set; } = 32768;
    public int EnRoute { get; set; } = 32769;
    public int OnScene { get; set; } = 32770;
    public int Completed { get; set; } = 32771;
    public int NeedSupport { get; set; } = 32772;

    /// <summary>Returns one message per problem, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var seen = new Dictionary<int, string>();
        foreach (var (name, value) in Entries())
        {
            var key = $"{SectionName}:{name}";
            if (value is < FirstUserValue or > LastUserValue)
            {
                errors.Add($"{key} = {value} is outside the user range {FirstUserValue}–{LastUserValue}.");
            }
            else if (seen.TryGetValue(value, out var other))
            {
                errors.Add($"{key} = {value} is already used by {SectionName}:{other}.");
            }
            else
            {
                seen[value] = name;
            }
        }

        return errors;
    }

    internal IEnumerable<(string Name, int Value)> Entries()
    {
        yield return (nameof(Received), Received);
        yield return (nameof(EnRoute), EnRoute);
        yield return (nameof(OnScene), OnScene);
        yield return (nameof(Completed), Completed);
        yield return (nameof(NeedSupport), NeedSupport);
    }
}

/// <summary>Maps 16-bit status values to order states and back, from validated options.</summary>
public sealed class OrderStatusMap
{
    private readonly Dictionary<ushort, OrderStatusState> _byValue = [];
    private readonly Dictionary<OrderStatusState, ushort> _byState = [];

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public OrderStatusMap(OrderStatusOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        foreach (var (name, value) in options.Entries())
        {
            var state = Enum.Parse<OrderStatusState>(name);
            _byValue[(ushort)value] = state;
            _byState[state] = (ushort)value;
        }
    }

    public bool TryGetState(ushort statusValue, out OrderStatusState state) => _byValue.TryGetValue(statusValue, out state);

    public ushort ValueOf(OrderStatusState state) => _byState[state];
}

/// <summary>Status message PDU: 16 bits, sent as four hex digits after <c>+CTSDSR: 13,...</c>.</summary>
public static class SdsStatusDecoder
{
    public static bool TryDecodeHex(ReadOnlySpan<char> hex, out ushort value)
    {
        hex = hex.Trim();
        value = 0;
        return hex.Length == 4 && ushort.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
    }
}
