using Gateway.Fax.Modem;

namespace Gateway.Fax.Jobs;

/// <summary>One call attempt of a job, as journaled.</summary>
public sealed record FaxAttempt(
    int Number,
    string Modem,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    FaxSendOutcome? Outcome,
    string? Reason,
    string? HangupCode,
    int PagesConfirmed);
