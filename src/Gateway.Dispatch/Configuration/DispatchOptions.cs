using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Configuration;

/// <summary>Bound from the "Dispatch" configuration section.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>SQLite journal file (the default store).</summary>
    public string DatabasePath { get; set; } = "dispatch.db";

    /// <summary>At most this many commands share one journal transaction.</summary>
    public int MaxGroupCommitSize { get; set; } = 1024;

    /// <summary>Per channel kind: acknowledgement timeout before the next channel, and what ends the fallback.</summary>
    public Dictionary<ChannelKind, ChannelOptions> Channels { get; set; } = [];

    public DeadlineOptions Deadlines { get; set; } = new();

    public List<UnitOptions> Units { get; set; } = [];

    public ChannelOptions ChannelFor(ChannelKind kind) =>
        Channels.TryGetValue(kind, out var options) ? options : ChannelOptions.DefaultFor(kind);
}

/// <summary>Which report from a channel proves the order reached the unit, so no further channel is tried.</summary>
public enum DeliveryMilestone
{
    Delivered,
    Acknowledged,
}

public sealed class ChannelOptions
{
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public DeliveryMilestone StopFallbackOn { get; set; } = DeliveryMilestone.Acknowledged;

    /// <summary>A fax confirmed by the far modem (+FHS:00) is as good as it gets on paper; the rest need 签收.</summary>
    public static ChannelOptions DefaultFor(ChannelKind kind) => kind switch
    {
        ChannelKind.Fax => new ChannelOptions { AckTimeout = TimeSpan.FromMinutes(5), StopFallbackOn = DeliveryMilestone.Delivered },
        ChannelKind.Phone => new ChannelOptions { AckTimeout = TimeSpan.FromMinutes(3) },
        _ => new ChannelOptions { AckTimeout = TimeSpan.FromMinutes(2) },
    };
}

public enum ServiceGroup
{
    Any,
    /// <summary>Police, fire and 120.</summary>
    FrontLine,
    Other,
}

/// <summary>One arrival deadline row: the first row matching tier, area and service group applies.</summary>
public sealed class ArrivalRule
{
    public UnitTier Tier { get; set; }
    public UnitArea? Area { get; set; }
    public ServiceGroup Services { get; set; } = ServiceGroup.Any;
    public TimeSpan Day { get; set; }
    /// <summary>Night deadline where the town uses day/night deadlines; the day value otherwise.</summary>
    public TimeSpan? Night { get; set; }
}

public sealed class DeadlineOptions
{
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan FeedbackWithin { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How long after a missed deadline the reminder becomes an escalation to the supervisor.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Local time of day when the day deadlines start and end.</summary>
    public TimeSpan DayStarts { get; set; } = TimeSpan.FromHours(7);
    public TimeSpan NightStarts { get; set; } = TimeSpan.FromHours(19);
    /// <summary>The centre's local offset (China Standard Time).</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);
    /// <summary>Empty means <see cref="DefaultArrivalRules"/> (a bound list would otherwise be appended to defaults).</summary>
    public List<ArrivalRule> Arrival { get; set; } = [];

    public IReadOnlyList<ArrivalRule> EffectiveArrivalRules => Arrival.Count > 0 ? Arrival : DefaultArrivalRules;

    /// <summary>County rules: front-line services in town 15 min, other tier 1 30 min, tier 2 in town 60 min.</summary>
    public static IReadOnlyList<ArrivalRule> DefaultArrivalRules { get; } =
    [
        new() { Tier = UnitTier.Tier1, Area = UnitArea.Urban, Services = ServiceGroup.FrontLine, Day = TimeSpan.FromMinutes(15) },
        new() { Tier = UnitTier.Tier1, Area = UnitArea.Urban, Day = TimeSpan.FromMinutes(30) },
        new() { Tier = UnitTier.Tier1, Area = UnitArea.Rural, Day = TimeSpan.FromMinutes(20), Night = TimeSpan.FromMinutes(30) },
        new() { Tier = UnitTier.Tier2, Area = UnitArea.Urban, Day = TimeSpan.FromMinutes(60) },
        new() { Tier = UnitTier.Tier2, Area = UnitArea.Rural, Day = TimeSpan.FromMinutes(90) },
    ];
}

public sealed class UnitChannelOptions
{
    public ChannelKind Kind { get; set; }
    public string Address { get; set; } = string.Empty;
    public TimeSpan? AckTimeout { get; set; }
}

public sealed class UnitOptions
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public UnitTier Tier { get; set; } = UnitTier.Tier1;
    public UnitRole Role { get; set; } = UnitRole.Department;
    public UnitArea Area { get; set; } = UnitArea.Urban;
    public List<IncidentCategory> Categories { get; set; } = [];
    public string DutyName { get; set; } = string.Empty;
    public string DutyPhone { get; set; } = string.Empty;
    public string SupervisorName { get; set; } = string.Empty;
    public string SupervisorPhone { get; set; } = string.Empty;
    public List<UnitChannelOptions> Channels { get; set; } = [];

    public LinkageUnit ToUnit() => new(
        Id, Name, Tier, Role, Area, [.. Categories],
        new Contact(DutyName, DutyPhone), new Contact(SupervisorName, SupervisorPhone),
        [.. Channels.Select(c => new UnitChannel(c.Kind, c.Address, c.AckTimeout))]);
}
