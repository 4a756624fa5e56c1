using System.Globalization;
using System.Text;

namespace Gateway.Dispatch.Assessment;

/// <summary>CSV (RFC 4180, invariant culture) and markdown renderings of the assessment.</summary>
public static class AssessmentExport
{
    public const string CsvHeader =
        "grouping,group,orders,acknowledged,acknowledge_due,acknowledged_on_time,mean_minutes_to_acknowledge," +
        "arrivals_due,arrived,arrived_on_time,mean_minutes_to_arrive,feedback_due,feedback_on_time,deadlines_met_share";

    public static string ToCsv(AssessmentReport report)
    {
        var text = new StringBuilder();
        text.Append(CsvHeader).Append("\r\n");
        foreach (var row in report.AllRows)
        {
            text.Append(row.Grouping.ToString().ToLowerInvariant()).Append(',')
                .Append(CsvField(row.Group)).Append(',')
                .Append(Invariant(row.Orders)).Append(',')
                .Append(Invariant(row.Acknowledged)).Append(',')
                .Append(Invariant(row.AcknowledgeDue)).Append(',')
                .Append(Invariant(row.AcknowledgedOnTime)).Append(',')
                .Append(Decimal(row.MeanMinutesToAcknowledge)).Append(',')
                .Append(Invariant(row.ArrivalsDue)).Append(',')
                .Append(Invariant(row.Arrived)).Append(',')
                .Append(Invariant(row.ArrivedOnTime)).Append(',')
                .Append(Decimal(row.MeanMinutesToArrive)).Append(',')
                .Append(Invariant(row.FeedbackDue)).Append(',')
                .Append(Invariant(row.FeedbackOnTime)).Append(',')
                .Append(Share(row.ShareOfDeadlinesMet)).Append("\r\n");
        }
        return text.ToString();
    }

    public static string ToMarkdown(QuarterlyReport report)
    {
        var assessment = report.Assessment;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# 应急联动考核季度通报 / Linkage assessment {report.Year} Q{report.Quarter}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Period {assessment.From:yyyy-MM-dd} to {assessment.To:yyyy-MM-dd} (exclusive), figures as of {assessment.AsOf:yyyy-MM-dd HH:mm zzz}.\n");
        Section(text, "Overall", [assessment.Overall]);
        Section(text, "By unit", assessment.ByUnit);
        Section(text, "By tier", assessment.ByTier);
        Section(text, "By category", assessment.ByCategory);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<AssessmentRow> rows)
    {
        text.Append("\n## ").Append(title).Append("\n\n");
        text.Append("| group | orders | ack on time | mean min to ack | arrived on time | mean min to arrive | feedback on time | deadlines met |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var row in rows)
        {
            text.Append("| ").Append(row.Group.Replace("|", "\\|", StringComparison.Ordinal))
                .Append(" | ").Append(Invariant(row.Orders))
                .Append(" | ").Append(Invariant(row.AcknowledgedOnTime)).Append('/').Append(Invariant(row.AcknowledgeDue))
                .Append(" | ").Append(Decimal(row.MeanMinutesToAcknowledge))
                .Append(" | ").Append(Invariant(row.ArrivedOnTime)).Append('/').Append(Invariant(row.ArrivalsDue))
                .Append(" | ").Append(Decimal(row.MeanMinutesToArrive))
                .Append(" | ").Append(Invariant(row.FeedbackOnTime)).Append('/').Append(Invariant(row.FeedbackDue))
                .Append(" | ").Append(row.ShareOfDeadlinesMet is { } share ? (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–")
                .Append(" |\n");
        }
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Share(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? string.Empty;
}
