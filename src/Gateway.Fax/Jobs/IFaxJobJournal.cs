using Gateway.Fax.Modem;

namespace Gateway.Fax.Jobs;

/// <summary>
/// Durable record of every fax job and attempt. Each call returns once its entry is on disk, so a job
/// is acknowledged only after it is journaled and a crash loses nothing acknowledged.
/// </summary>
public interface IFaxJobJournal
{
    /// <summary>Every job known, with its attempts, as of the last durable entry (replayed at open).</summary>
    IReadOnlyCollection<FaxJob> Jobs { get; }

    FaxJob? Find(string jobId);

    FaxJob? FindByIdempotencyKey(string key);

    ValueTask<FaxJob> AddJobAsync(FaxJob job, string? idempotencyKey, CancellationToken cancellationToken = default);

    ValueTask<FaxJob> AttemptStartedAsync(string jobId, int attempt, string modem, DateTimeOffset at, CancellationToken cancellationToken = default);

    ValueTask<FaxJob> AttemptEndedAsync(string jobId, int attempt, FaxSendResult result, DateTimeOffset at, CancellationToken cancellationToken = default);

    ValueTask<FaxJob> StatusChangedAsync(string jobId, FaxJobStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}
