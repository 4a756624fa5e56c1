using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Fax.Archive;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Gateway.Fax.Jobs;

/// <summary>
/// Queues fax jobs per destination (one call at a time to a number, different numbers in parallel on the
/// free modems), retries with exponential back-off (Polly, on the injected <see cref="TimeProvider"/>),
/// journals every job and attempt before acting on it, archives every fax as TIFF-F, and raises
/// <see cref="JobCompleted"/> once per job. A job is delivered only on +FHS:00 with every page confirmed.
/// </summary>
public sealed class FaxJobScheduler : IAsyncDisposable
{
    private readonly IFaxJobJournal _journal;
    private readonly FaxModemPool _pool;
    private readonly FaxArchive _archive;
    private readonly FaxRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _destinations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _submitLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _sequence;

    public FaxJobScheduler(
        IFaxJobJournal journal,
        FaxModemPool pool,
        FaxArchive archive,
        FaxRetryOptions? retry = null,
        TimeProvider? time = null,
        ILogger<FaxJobScheduler>? logger = null)
    {
        _journal = journal;
        _pool = pool;
        _archive = archive;
        _retry = retry ?? new FaxRetryOptions();
        _retry.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised after every journaled change of a job.</summary>
    public event Action<FaxJob>? JobChanged;

    /// <summary>Raised once per job, when it is delivered or given up.</summary>
    public event Action<FaxJobCompleted>? JobCompleted;

    public FaxModemPool Pool => _pool;

    public FaxJob? Find(string jobId) => _journal.Find(jobId);

    /// <summary>
    /// Resumes every job the journal holds unfinished (after a restart): pages come back from the archive.
    /// A job cut off in the middle of a call is called again — the far end may then get it twice, which
    /// is the lesser harm for an emergency order than never.
    /// </summary>
    public void ResumeUnfinished()
    {
        foreach (FaxJob job in _journal.Jobs.Where(job => !job.IsFinal))
        {
            IReadOnlyList<FaxBitmap> pages = TiffImageReader.ReadPages(job.ArchivePath);
            Start(job, pages);
        }
    }

    /// <summary>Journals the job (durably) and queues it; returns it at once. A known idempotency key returns the first job.</summary>
    public async Task<FaxJob> SubmitAsync(FaxJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        FaxDialString.Validate(request.Destination, nameof(request.Destination));
        if (request.Pages.Count == 0)
        {
            throw new ArgumentException("A fax needs at least one page.", nameof(request));
        }

        await _submitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (request.IdempotencyKey is { } key && _journal.FindByIdempotencyKey(key) is { } existing)
            {
                return existing;
            }

            DateTimeOffset now = _time.GetUtcNow();
            string id = string.Create(
                CultureInfo.InvariantCulture, $"fax-{now:yyyyMMddHHmmss}-{Interlocked.Increment(ref _sequence):D4}-{Guid.NewGuid().ToString("N")[..6]}");
            string archivePath = _archive.Store(id, request.Pages, request.Resolution);
            var job = new FaxJob(id, request.Destination, request.Resolution, request.Pages.Count, archivePath, request.Reference, now, FaxJobStatus.Queued, [], null);
            job = await _journal.AddJobAsync(job, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            Start(job, request.Pages);
            return job;
        }
        finally
        {
            _submitLock.Release();
        }
    }

    /// <summary>Completes when the job has finished (delivered or failed), for callers that want to wait.</summary>
    public Task WhenFinishedAsync(string jobId) => _running.TryGetValue(jobId, out Task? run) ? run : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: unfinished jobs stay in the journal and resume at the next start.
        }

        _stop.Dispose();
        _submitLock.Dispose();
    }

    private void Start(FaxJob job, IReadOnlyList<FaxBitmap> pages) =>
        _running[job.Id] = Task.Run(() => RunJobAsync(job, pages, _stop.Token));

    private async Task RunJobAsync(FaxJob job, IReadOnlyList<FaxBitmap> pages, CancellationToken cancellationToken)
    {
        SemaphoreSlim destination = _destinations.GetOrAdd(job.Destination, _ => new SemaphoreSlim(1, 1));
        await destination.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int attemptsLeft = _retry.MaxRetries + 1 - job.Attempts.Count;
            FaxSendResult result = attemptsLeft <= 0
                ? new FaxSendResult(FaxSendOutcome.ModemFailure, "no attempts left", null, [], job.PageCount)
                : await BuildPipeline(job.Id, attemptsLeft - 1).ExecuteAsync(
                    async token => await AttemptAsync(job.Id, job.Destination, pages, job.Resolution, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);

            FaxJobStatus status = result.IsDelivered ? FaxJobStatus.Delivered : FaxJobStatus.Failed;
            FaxJob final = await _journal.StatusChangedAsync(job.Id, status, result.Reason, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            Changed(final);
            FaxJobLog.JobFinished(_logger, job.Id, status, result.Reason);
            JobCompleted?.Invoke(new FaxJobCompleted(final));
        }
        finally
        {
            destination.Release();
        }
    }

    private ResiliencePipeline<FaxSendResult> BuildPipeline(string jobId, int retries)
    {
        if (retries <= 0)
        {
            return ResiliencePipeline<FaxSendResult>.Empty;
        }

        return new ResiliencePipelineBuilder<FaxSendResult> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<FaxSendResult>
            {
                MaxRetryAttempts = retries,
                Delay = _retry.InitialDelay,
                MaxDelay = _retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _retry.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsRetryable: true }),
                OnRetry = async args =>
                {
                    FaxJob waiting = await _journal.StatusChangedAsync(
                        jobId, FaxJobStatus.RetryWaiting, args.Outcome.Result?.Reason, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    Changed(waiting);
                },
            })
            .Build();
    }

    private async ValueTask<FaxSendResult> AttemptAsync(
        string jobId, string number, IReadOnlyList<FaxBitmap> pages, FaxResolution resolution, CancellationToken cancellationToken)
    {
        PooledFaxModem modem = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int attempt = (_journal.Find(jobId)?.Attempts.Count ?? 0) + 1;
            Changed(await _journal.AttemptStartedAsync(jobId, attempt, modem.Name, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
            FaxSendResult result;
            try
            {
                result = await modem.Sender.SendAsync(number, pages, resolution, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                result = new FaxSendResult(FaxSendOutcome.ModemFailure, failure.Message, null, [], pages.Count);
            }

            modem.LastResult = result;
            FaxJobLog.AttemptEnded(_logger, jobId, attempt, modem.Name, result.Outcome, result.Reason);
            Changed(await _journal.AttemptEndedAsync(jobId, attempt, result, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false));
            return result;
        }
        finally
        {
            _pool.Return(modem);
        }
    }

    private void Changed(FaxJob job) => JobChanged?.Invoke(job);
}
