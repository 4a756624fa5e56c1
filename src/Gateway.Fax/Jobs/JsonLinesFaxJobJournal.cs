using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Fax.Modem;

namespace Gateway.Fax.Jobs;

/// <summary>
/// The fax journal as an append-only file of JSON lines, each flushed to the disk (fsync) before the
/// call returns: it survives kill -9. At open the file is replayed; a torn last line (a crash in the
/// middle of a write) is skipped.
/// </summary>
public sealed class JsonLinesFaxJobJournal : IFaxJobJournal, IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly FileStream _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, FaxJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _stateLock = new();

    public JsonLinesFaxJobJournal(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            Replay(path);
        }

        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
    }

    public string Path { get; }

    /// <summary>Lines that could not be read at open (a torn last line after a crash).</summary>
    public int SkippedLines { get; private set; }

    public IReadOnlyCollection<FaxJob> Jobs
    {
        get
        {
            lock (_stateLock)
            {
                return [.. _jobs.Values];
            }
        }
    }

    public FaxJob? Find(string jobId)
    {
        lock (_stateLock)
        {
            return _jobs.GetValueOrDefault(jobId);
        }
    }

    public FaxJob? FindByIdempotencyKey(string key)
    {
        lock (_stateLock)
        {
            return _byKey.TryGetValue(key, out string? id) ? _jobs.GetValueOrDefault(id) : null;
        }
    }

    public ValueTask<FaxJob> AddJobAsync(FaxJob job, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        AppendAsync(
            new FaxJournalEntry
            {
                Kind = "job",
                JobId = job.Id,
                At = job.CreatedAt,
                Destination = job.Destination,
                Resolution = job.Resolution,
                PageCount = job.PageCount,
                ArchivePath = job.ArchivePath,
                Reference = job.Reference,
                IdempotencyKey = idempotencyKey,
            },
            cancellationToken);

    public ValueTask<FaxJob> AttemptStartedAsync(string jobId, int attempt, string modem, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        AppendAsync(new FaxJournalEntry { Kind = "attempt-start", JobId = jobId, At = at, Attempt = attempt, Modem = modem }, cancellationToken);

    public ValueTask<FaxJob> AttemptEndedAsync(string jobId, int attempt, FaxSendResult result, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        AppendAsync(
            new FaxJournalEntry
            {
                Kind = "attempt-end",
                JobId = jobId,
                At = at,
                Attempt = attempt,
                Outcome = result.Outcome,
                Reason = result.Reason,
                HangupCode = result.Hangup?.Code,
                PagesConfirmed = result.PagesConfirmed,
            },
            cancellationToken);

    public ValueTask<FaxJob> StatusChangedAsync(string jobId, FaxJobStatus status, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        AppendAsync(new FaxJournalEntry { Kind = "status", JobId = jobId, At = at, Status = status, Reason = reason }, cancellationToken);

    public void Dispose()
    {
        _file.Dispose();
        _writeLock.Dispose();
    }

    private async ValueTask<FaxJob> AppendAsync(FaxJournalEntry entry, CancellationToken cancellationToken)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);
            lock (_stateLock)
            {
                return Apply(entry) ?? throw new InvalidOperationException($"Fax job '{entry.JobId}' is not in the journal.");
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Replay(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<FaxJournalEntry>(line, Json) is { } entry)
                {
                    Apply(entry);
                }
            }
            catch (JsonException)
            {
                SkippedLines++;
            }
        }
    }

    /// <summary>Folds one entry into the in-memory view (under <see cref="_stateLock"/> or at open).</summary>
    private FaxJob? Apply(FaxJournalEntry entry)
    {
        if (entry.Kind == "job")
        {
            var job = new FaxJob(
                entry.JobId, entry.Destination ?? string.Empty, entry.Resolution ?? default, entry.PageCount ?? 0,
                entry.ArchivePath ?? string.Empty, entry.Reference, entry.At, FaxJobStatus.Queued, [], null);
            _jobs[job.Id] = job;
            if (entry.IdempotencyKey is { } key)
            {
                _byKey[key] = job.Id;
            }

            return job;
        }

        if (!_jobs.TryGetValue(entry.JobId, out FaxJob? current))
        {
            return null;
        }

        FaxJob updated = entry.Kind switch
        {
            "attempt-start" => current with
            {
                Status = FaxJobStatus.Sending,
                Attempts = [.. current.Attempts, new FaxAttempt(entry.Attempt ?? 0, entry.Modem ?? string.Empty, entry.At, null, null, null, null, 0)],
            },
            "attempt-end" => current with
            {
                LastReason = entry.Reason,
                Attempts = [.. current.Attempts.Select(attempt => attempt.Number == entry.Attempt
                    ? attempt with { EndedAt = entry.At, Outcome = entry.Outcome, Reason = entry.Reason, HangupCode = entry.HangupCode, PagesConfirmed = entry.PagesConfirmed ?? 0 }
                    : attempt)],
            },
            "status" => current with { Status = entry.Status ?? current.Status, LastReason = entry.Reason ?? current.LastReason },
            _ => current,
        };
        _jobs[entry.JobId] = updated;
        return updated;
    }
}
