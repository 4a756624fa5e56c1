using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;

namespace Gateway.Fax.Jobs;

/// <summary>One line of the fax journal (JSON). Kind: job, attempt-start, attempt-end, status.</summary>
internal sealed record FaxJournalEntry
{
    public required string Kind { get; init; }

    public required string JobId { get; init; }

    public DateTimeOffset At { get; init; }

    public string? Destination { get; init; }

    public FaxResolution? Resolution { get; init; }

    public int? PageCount { get; init; }

    public string? ArchivePath { get; init; }

    public string? Reference { get; init; }

    public string? IdempotencyKey { get; init; }

    public int? Attempt { get; init; }

    public string? Modem { get; init; }

    public FaxSendOutcome? Outcome { get; init; }

    public string? Reason { get; init; }

    public string? HangupCode { get; init; }

    public int? PagesConfirmed { get; init; }

    public FaxJobStatus? Status { get; init; }
}
