using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Deadlines;

/// <summary>Computes an order's deadlines from the unit's tier, area and role and the local time of dispatch.</summary>
public sealed class DeadlinePolicy(DeadlineOptions options)
{
    public OrderDeadlines For(LinkageUnit unit, DateTimeOffset dispatchedAt) => new(
        dispatchedAt + options.AcknowledgeWithin,
        ArrivalWithin(unit, dispatchedAt) is { } arrival ? dispatchedAt + arrival : null,
        dispatchedAt + options.FeedbackWithin);

    /// <summary>Null when the unit never goes on scene (tier 3) or no rule covers it.</summary>
    public TimeSpan? ArrivalWithin(LinkageUnit unit, DateTimeOffset dispatchedAt)
    {
        if (!unit.GoesOnScene)
        {
            return null;
        }
        foreach (var rule in options.EffectiveArrivalRules)
        {
            if (rule.Tier == unit.Tier && (rule.Area is null || rule.Area == unit.Area) && Matches(rule.Services, unit.Role))
            {
                return IsDaytime(dispatchedAt) ? rule.Day : rule.Night ?? rule.Day;
            }
        }
        return null;
    }

    public bool IsDaytime(DateTimeOffset at)
    {
        var local = at.ToOffset(options.UtcOffset).TimeOfDay;
        return local >= options.DayStarts && local < options.NightStarts;
    }

    private static bool Matches(ServiceGroup group, UnitRole role) => group switch
    {
        ServiceGroup.FrontLine => role.IsFrontLineService(),
        ServiceGroup.Other => !role.IsFrontLineService(),
        _ => true,
    };
}
