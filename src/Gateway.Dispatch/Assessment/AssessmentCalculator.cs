using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Assessment;

/// <summary>Pure computation of the assessment figures from order snapshots.</summary>
public static class AssessmentCalculator
{
    /// <param name="orders">Orders to consider; those created outside [from, to) are ignored.</param>
    /// <param name="unitNames">Optional display names per unit id.</param>
    public static AssessmentReport Assess(
        IEnumerable<OrderSnapshot> orders,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset asOf,
        IReadOnlyDictionary<string, string>? unitNames = null)
    {
        var inPeriod = orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to).ToList();
        var byUnit = inPeriod.GroupBy(o => o.UnitId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(AssessmentGrouping.Unit, unitNames?.GetValueOrDefault(g.Key) is { } name ? $"{g.Key} {name}" : g.Key, g, asOf))
            .ToList();
        var byTier = inPeriod.GroupBy(o => o.UnitTier).OrderBy(g => g.Key)
            .Select(g => Row(AssessmentGrouping.Tier, ((int)g.Key).ToString(System.Globalization.CultureInfo.InvariantCulture), g, asOf))
            .ToList();
        var byCategory = inPeriod.GroupBy(o => o.Category).OrderBy(g => g.Key)
            .Select(g => Row(AssessmentGrouping.Category, g.Key.ToString(), g, asOf))
            .ToList();
        return new AssessmentReport(from, to, asOf, Row(AssessmentGrouping.Overall, "all", inPeriod, asOf), byUnit, byTier, byCategory);
    }

    /// <summary>Quarter boundaries are taken in the centre's local time (<paramref name="utcOffset"/>).</summary>
    public static QuarterlyReport Quarterly(
        IEnumerable<OrderSnapshot> orders,
        int year,
        int quarter,
        TimeSpan utcOffset,
        DateTimeOffset asOf,
        IReadOnlyDictionary<string, string>? unitNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var from = new DateTimeOffset(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0, utcOffset);
        var to = from.AddMonths(3);
        return new QuarterlyReport(year, quarter, Assess(orders, from, to, asOf, unitNames));
    }

    private static AssessmentRow Row(AssessmentGrouping grouping, string group, IEnumerable<OrderSnapshot> orders, DateTimeOffset asOf)
    {
        int count = 0, acknowledged = 0, acknowledgeDue = 0, acknowledgedOnTime = 0;
        int arrivalsDue = 0, arrived = 0, arrivedOnTime = 0, feedbackDue = 0, feedbackOnTime = 0;
        double minutesToAcknowledge = 0, minutesToArrive = 0;
        foreach (var order in orders)
        {
            count++;
            var created = order.CreatedAt;
            var deadlines = order.Deadlines;
            var acknowledgedAt = order.TimeOf(OrderState.Acknowledged);
            if (acknowledgedAt is { } ack)
            {
                acknowledged++;
                minutesToAcknowledge += (ack - created).TotalMinutes;
            }
            Tally(acknowledgedAt, deadlines.AcknowledgeBy, ref acknowledgeDue, ref acknowledgedOnTime);
            var onSceneAt = order.TimeOf(OrderState.OnScene);
            if (onSceneAt is { } onScene)
            {
                arrived++;
                minutesToArrive += (onScene - created).TotalMinutes;
            }
            if (deadlines.ArriveBy is { } arriveBy)
            {
                Tally(onSceneAt, arriveBy, ref arrivalsDue, ref arrivedOnTime);
            }
            Tally(order.TimeOf(OrderState.FeedbackReceived), deadlines.FeedbackBy, ref feedbackDue, ref feedbackOnTime);
        }
        return new AssessmentRow(
            grouping, group, count,
            acknowledged, acknowledgeDue, acknowledgedOnTime, acknowledged == 0 ? null : minutesToAcknowledge / acknowledged,
            arrivalsDue, arrived, arrivedOnTime, arrived == 0 ? null : minutesToArrive / arrived,
            feedbackDue, feedbackOnTime);

        void Tally(DateTimeOffset? doneAt, DateTimeOffset dueAt, ref int due, ref int onTime)
        {
            if (doneAt is null && dueAt > asOf)
            {
                return;
            }
            due++;
            if (doneAt is { } done && done <= dueAt)
            {
                onTime++;
            }
        }
    }
}
