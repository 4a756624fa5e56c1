namespace Gateway.Dispatch.Assessment;

public enum AssessmentGrouping
{
    Overall,
    Unit,
    Tier,
    Category,
}

/// <summary>
/// Figures for one group of orders. A deadline counts as due once it has passed or been met; deadlines
/// still running are left out of the shares so an open quarter is not penalised for the future.
/// </summary>
public sealed record AssessmentRow(
    AssessmentGrouping Grouping,
    string Group,
    int Orders,
    int Acknowledged,
    int AcknowledgeDue,
    int AcknowledgedOnTime,
    double? MeanMinutesToAcknowledge,
    int ArrivalsDue,
    int Arrived,
    int ArrivedOnTime,
    double? MeanMinutesToArrive,
    int FeedbackDue,
    int FeedbackOnTime)
{
    public int DeadlinesDue => AcknowledgeDue + ArrivalsDue + FeedbackDue;

    public int DeadlinesMet => AcknowledgedOnTime + ArrivedOnTime + FeedbackOnTime;

    /// <summary>Null when no deadline is due yet.</summary>
    public double? ShareOfDeadlinesMet => DeadlinesDue == 0 ? null : (double)DeadlinesMet / DeadlinesDue;
}

public sealed record AssessmentReport(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    AssessmentRow Overall,
    IReadOnlyList<AssessmentRow> ByUnit,
    IReadOnlyList<AssessmentRow> ByTier,
    IReadOnlyList<AssessmentRow> ByCategory)
{
    public IEnumerable<AssessmentRow> AllRows => [Overall, .. ByUnit, .. ByTier, .. ByCategory];
}

/// <summary>The report the centre publishes each quarter (季度通报).</summary>
public sealed record QuarterlyReport(int Year, int Quarter, AssessmentReport Assessment);
