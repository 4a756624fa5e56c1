using Gateway.Fax.Imaging;

namespace Gateway.Fax.Jobs;

/// <summary>A fax job as the journal knows it: what to send where, and every attempt so far.</summary>
public sealed record FaxJob(
    string Id,
    string Destination,
    FaxResolution Resolution,
    int PageCount,
    string ArchivePath,
    string? Reference,
    DateTimeOffset CreatedAt,
    FaxJobStatus Status,
    IReadOnlyList<FaxAttempt> Attempts,
    string? LastReason)
{
    public bool IsFinal => Status is FaxJobStatus.Delivered or FaxJobStatus.Failed;
}
