using Microsoft.Extensions.Options;

namespace Gateway.Dispatch.Configuration;

/// <summary>Bad dispatch config stops start-up with messages that name the key.</summary>
public sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Problems(DispatchOptions options)
    {
        const string root = DispatchOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            yield return $"{root}:DatabasePath is empty";
        }
        if (options.MaxGroupCommitSize < 1)
        {
            yield return $"{root}:MaxGroupCommitSize must be at least 1";
        }
        foreach (var (kind, channel) in options.Channels)
        {
            if (channel.AckTimeout <= TimeSpan.Zero)
            {
                yield return $"{root}:Channels:{kind}:AckTimeout must be positive";
            }
        }
        var deadlines = options.Deadlines;
        if (deadlines.AcknowledgeWithin <= TimeSpan.Zero)
        {
            yield return $"{root}:Deadlines:AcknowledgeWithin must be positive";
        }
        if (deadlines.FeedbackWithin <= TimeSpan.Zero)
        {
            yield return $"{root}:Deadlines:FeedbackWithin must be positive";
        }
        if (deadlines.EscalateAfter < TimeSpan.Zero)
        {
            yield return $"{root}:Deadlines:EscalateAfter must not be negative";
        }
        if (deadlines.DayStarts >= deadlines.NightStarts || deadlines.DayStarts < TimeSpan.Zero || deadlines.NightStarts > TimeSpan.FromDays(1))
        {
            yield return $"{root}:Deadlines:DayStarts must be before NightStarts, both within one day";
        }
        for (var i = 0; i < deadlines.Arrival.Count; i++)
        {
            var rule = deadlines.Arrival[i];
            if (rule.Day <= TimeSpan.Zero || rule.Night is { } night && night <= TimeSpan.Zero)
            {
                yield return $"{root}:Deadlines:Arrival:{i} needs positive Day (and Night, if given)";
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Units.Count; i++)
        {
            var unit = options.Units[i];
            var prefix = $"{root}:Units:{i}";
            foreach (var problem in UnitValidation.Problems(unit.ToUnit(), prefix))
            {
                yield return problem;
            }
            if (!string.IsNullOrWhiteSpace(unit.Id) && !seen.Add(unit.Id))
            {
                yield return $"{prefix}:Id '{unit.Id}' is used twice";
            }
        }
    }
}
