using Gateway.Dispatch.Assessment;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Assessment;

public class AssessmentTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset T0 = new(2026, 2, 10, 9, 0, 0, China);

    /// <summary>An order created at <paramref name="created"/> with steps at the given minutes after it.</summary>
    private static OrderSnapshot Order(string unit, UnitTier tier, IncidentCategory category, DateTimeOffset created, int? ackMin, int? sceneMin, int? feedbackMin, int? arriveWithin = 15)
    {
        var history = new List<OrderStatusRecord> { new(OrderState.Created, created, null, null) };
        void Step(OrderState state, int? minutes)
        {
            if (minutes is { } m)
            {
                history.Add(new OrderStatusRecord(state, created.AddMinutes(m), ChannelKind.RadioText, null));
            }
        }
        Step(OrderState.Acknowledged, ackMin);
        Step(OrderState.OnScene, sceneMin);
        if (feedbackMin is not null)
        {
            Step(OrderState.Completed, feedbackMin - 1);
        }
        Step(OrderState.FeedbackReceived, feedbackMin);
        var deadlines = new OrderDeadlines(created.AddMinutes(5), arriveWithin is { } a ? created.AddMinutes(a) : null, created.AddHours(24));
        return new OrderSnapshot(Guid.NewGuid(), Guid.NewGuid(), unit, tier, category, "x", history[^1].State, deadlines, history, []);
    }

    private static readonly OrderSnapshot[] Orders =
    [
        // police: all on time
        Order("police", UnitTier.Tier1, IncidentCategory.Criminal, T0, ackMin: 2, sceneMin: 12, feedbackMin: 600),
        // police: late ack (7 > 5), late arrival (20 > 15), feedback late (25 h)
        Order("police", UnitTier.Tier1, IncidentCategory.Traffic, T0.AddDays(1), ackMin: 7, sceneMin: 20, feedbackMin: 25 * 60),
        // weather (tier 3, no arrival): ack on time, no feedback, and the 24 h passed
        Order("weather", UnitTier.Tier3, IncidentCategory.NaturalDisaster, T0.AddDays(2), ackMin: 4, sceneMin: null, feedbackMin: null, arriveWithin: null),
        // outside Q1: ignored
        Order("police", UnitTier.Tier1, IncidentCategory.Criminal, new DateTimeOffset(2026, 4, 1, 0, 0, 0, China), ackMin: 1, sceneMin: 5, feedbackMin: 60),
    ];

    private static readonly DateTimeOffset AsOf = new(2026, 4, 2, 0, 0, 0, China);

    [Fact]
    public void Counts_times_and_deadline_shares_per_unit()
    {
        var report = AssessmentCalculator.Quarterly(Orders, 2026, 1, China, AsOf).Assessment;

        var police = Assert.Single(report.ByUnit, r => r.Group == "police");
        Assert.Equal(2, police.Orders);
        Assert.Equal(4.5, police.MeanMinutesToAcknowledge);
        Assert.Equal(16, police.MeanMinutesToArrive);
        Assert.Equal((2, 1), (police.AcknowledgeDue, police.AcknowledgedOnTime));
        Assert.Equal((2, 1), (police.ArrivalsDue, police.ArrivedOnTime));
        Assert.Equal((2, 1), (police.FeedbackDue, police.FeedbackOnTime));
        Assert.Equal(0.5, police.ShareOfDeadlinesMet);

        var weather = Assert.Single(report.ByUnit, r => r.Group == "weather");
        Assert.Equal(0, weather.ArrivalsDue);
        Assert.Equal((1, 0), (weather.FeedbackDue, weather.FeedbackOnTime));
        Assert.Equal(0.5, weather.ShareOfDeadlinesMet);

        Assert.Equal(3, report.Overall.Orders);
        Assert.Equal(new[] { "1", "3" }, report.ByTier.Select(r => r.Group));
        Assert.Equal(new[] { "Criminal", "Traffic", "NaturalDisaster" }, report.ByCategory.Select(r => r.Group));
    }

    [Fact]
    public void Deadlines_still_running_are_not_counted_against_the_unit()
    {
        var fresh = Order("police", UnitTier.Tier1, IncidentCategory.Criminal, T0, ackMin: null, sceneMin: null, feedbackMin: null);

        var row = AssessmentCalculator.Assess([fresh], T0, T0.AddDays(1), asOf: T0.AddMinutes(10)).Overall;

        Assert.Equal(1, row.AcknowledgeDue);   // 5 min passed
        Assert.Equal(0, row.ArrivalsDue);      // 15 min not yet
        Assert.Equal(0, row.FeedbackDue);
        Assert.Equal(0.0, row.ShareOfDeadlinesMet);
    }

    [Fact]
    public void Csv_has_a_header_and_one_escaped_line_per_group()
    {
        var names = new Dictionary<string, string> { ["police"] = "城关派出所, 值班室" };
        var report = AssessmentCalculator.Quarterly(Orders, 2026, 1, China, AsOf, names).Assessment;

        var lines = AssessmentExport.ToCsv(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(AssessmentExport.CsvHeader, lines[0]);
        Assert.Equal(1 + 1 + 2 + 2 + 3, lines.Length);
        Assert.Equal("overall,all,3,3,3,2,4.33,2,2,1,16.00,3,1,0.5000", lines[1]);
        Assert.Equal("unit,\"police 城关派出所, 值班室\",2,2,2,1,4.50,2,2,1,16.00,2,1,0.5000", lines[2]);
        Assert.StartsWith("category,NaturalDisaster,1,", lines[^1]);
    }

    [Fact]
    public void Quarterly_markdown_names_the_quarter_and_every_unit()
    {
        var report = AssessmentCalculator.Quarterly(Orders, 2026, 1, China, AsOf);

        var markdown = AssessmentExport.ToMarkdown(report);

        Assert.Contains("2026 Q1", markdown);
        Assert.Contains("Period 2026-01-01 to 2026-04-01", markdown);
        Assert.Contains("| police | 2 | 1/2 | 4.50 | 1/2 | 16.00 | 1/2 | 50.0 % |", markdown);
        Assert.Contains("| weather | 1 |", markdown);
    }

    [Fact]
    public async Task Engine_assessment_uses_the_journaled_times()
    {
        await using var harness = new EngineHarness();
        var engine = await harness.StartAsync();
        var order = await harness.DispatchAsync("police");
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.Acknowledged, ChannelKind.RadioText));
        harness.Time.Advance(TimeSpan.FromMinutes(9));
        await engine.ReportStatusAsync(new OrderStatusReport(order.Id, OrderState.OnScene, ChannelKind.RadioText));

        var report = engine.QuarterlyReport(2026, 1).Assessment;

        var row = Assert.Single(report.ByUnit);
        Assert.Equal("police 城关派出所", row.Group);
        Assert.Equal(3, row.MeanMinutesToAcknowledge);
        Assert.Equal(12, row.MeanMinutesToArrive);
        Assert.Equal(2, row.DeadlinesMet);
    }
}
