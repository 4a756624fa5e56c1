using Gateway.Fax.Archive;
using Gateway.Fax.Imaging;
using Gateway.Fax.Jobs;
using Gateway.Fax.Modem;
using Gateway.Fax.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Jobs;

public sealed class FaxJobSchedulerTests : IDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(20);
    private static readonly FaxRetryOptions Retry = new() { MaxRetries = 3, InitialDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(5), UseJitter = false };

    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Busy_twice_then_success_is_delivered_once_with_three_attempts_journaled()
    {
        var sender = new ScriptedFaxSender(FaxSendOutcome.Busy, FaxSendOutcome.Busy);
        FaxJob finished;
        using (var journal = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl")))
        await using (var scheduler = Scheduler(journal, sender))
        {
            var completions = new List<FaxJobCompleted>();
            scheduler.JobCompleted += completions.Add;
            FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("5551234", [Page()], FaxResolution.Fine));

            finished = await RunToEndAsync(scheduler, job.Id);

            Assert.Equal(FaxJobStatus.Delivered, finished.Status);
            Assert.Single(completions);
            Assert.True(completions[0].Delivered);
            Assert.Equal(3, sender.Calls.Count);
            Assert.True(File.Exists(finished.ArchivePath));
        }

        using var reopened = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl"));
        FaxJob replayed = Assert.Single(reopened.Jobs);
        Assert.Equal(FaxJobStatus.Delivered, replayed.Status);
        Assert.Equal([FaxSendOutcome.Busy, FaxSendOutcome.Busy, FaxSendOutcome.Delivered], replayed.Attempts.Select(a => a.Outcome));
        Assert.Equal([1, 2, 3], replayed.Attempts.Select(a => a.Number));
    }

    [Fact]
    public async Task No_carrier_every_time_is_retried_until_the_retries_are_used_up_and_never_delivered()
    {
        var sender = new ScriptedFaxSender(Enumerable.Repeat(FaxSendOutcome.NoCarrier, 10).ToArray());
        using var journal = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl"));
        await using var scheduler = Scheduler(journal, sender);
        var delivered = 0;
        scheduler.JobCompleted += completed => delivered += completed.Delivered ? 1 : 0;

        FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("5551234", [Page()], FaxResolution.Fine));
        FaxJob finished = await RunToEndAsync(scheduler, job.Id);

        Assert.Equal(FaxJobStatus.Failed, finished.Status);
        Assert.Equal(0, delivered);
        Assert.Equal(Retry.MaxRetries + 1, finished.Attempts.Count);
        Assert.All(finished.Attempts, attempt => Assert.Equal(FaxSendOutcome.NoCarrier, attempt.Outcome));
    }

    [Fact]
    public async Task A_failure_no_retry_can_fix_fails_the_job_after_one_attempt()
    {
        var sender = new ScriptedFaxSender(FaxSendOutcome.Aborted);
        using var journal = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl"));
        await using var scheduler = Scheduler(journal, sender);

        FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("5551234", [Page()], FaxResolution.Fine));
        FaxJob finished = await RunToEndAsync(scheduler, job.Id);

        Assert.Equal(FaxJobStatus.Failed, finished.Status);
        Assert.Single(finished.Attempts);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_job_and_sends_once()
    {
        var sender = new ScriptedFaxSender();
        using var journal = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl"));
        await using var scheduler = Scheduler(journal, sender);

        FaxJob first = await scheduler.SubmitAsync(new FaxJobRequest("110", [Page()], FaxResolution.Fine, IdempotencyKey: "order-7/attempt-1"));
        await RunToEndAsync(scheduler, first.Id);
        FaxJob second = await scheduler.SubmitAsync(new FaxJobRequest("110", [Page()], FaxResolution.Fine, IdempotencyKey: "order-7/attempt-1"));

        Assert.Equal(first.Id, second.Id);
        Assert.Single(sender.Calls);
    }

    [Fact]
    public async Task A_job_cut_off_by_a_crash_resumes_from_the_journal_and_archive_after_restart()
    {
        string path = _temp.File("fax.jsonl");
        FaxBitmap page = Page();
        string jobId;
        using (var journal = new JsonLinesFaxJobJournal(path))
        {
            // What a kill -9 in the middle of the first call leaves behind: the job and a started attempt.
            var archive = new FaxArchive(_temp.File("archive"), _time);
            string archived = archive.Store("crashed", [page], FaxResolution.Fine);
            FaxJob job = await journal.AddJobAsync(
                new FaxJob("crashed", "5550000", FaxResolution.Fine, 1, archived, null, _time.GetUtcNow(), FaxJobStatus.Queued, [], null), null);
            await journal.AttemptStartedAsync(job.Id, 1, "modem-a", _time.GetUtcNow());
            jobId = job.Id;
        }

        await File.AppendAllTextAsync(path, "{\"Kind\":\"attempt-end\",\"JobI"); // torn last line
        var sender = new ScriptedFaxSender();
        using var reopened = new JsonLinesFaxJobJournal(path);
        await using var scheduler = Scheduler(reopened, sender);

        scheduler.ResumeUnfinished();
        FaxJob finished = await RunToEndAsync(scheduler, jobId);

        Assert.Equal(1, reopened.SkippedLines);
        Assert.Equal(FaxJobStatus.Delivered, finished.Status);
        Assert.Equal([1, 2], finished.Attempts.Select(a => a.Number));
        Assert.Single(sender.Calls);
    }

    [Fact]
    public async Task Jobs_to_one_destination_go_one_at_a_time_while_two_modems_serve_two_destinations()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new GatedFaxSender(gate.Task);
        var second = new GatedFaxSender(gate.Task);
        using var journal = new JsonLinesFaxJobJournal(_temp.File("fax.jsonl"));
        var pool = new FaxModemPool([new PooledFaxModem("a", first), new PooledFaxModem("b", second)]);
        await using var scheduler = new FaxJobScheduler(journal, pool, new FaxArchive(_temp.File("archive"), _time), Retry, _time);

        FaxJob one = await scheduler.SubmitAsync(new FaxJobRequest("111", [Page()], FaxResolution.Fine));
        FaxJob two = await scheduler.SubmitAsync(new FaxJobRequest("111", [Page()], FaxResolution.Fine));
        FaxJob three = await scheduler.SubmitAsync(new FaxJobRequest("222", [Page()], FaxResolution.Fine));
        await Task.WhenAll(first.Started, second.Started).WaitAsync(SafetyTimeout);

        // Both modems busy: one with each destination; the second job to 111 waits for the first.
        Assert.Equal(["111", "222"], first.Numbers.Concat(second.Numbers).Order());
        gate.SetResult();
        await Task.WhenAll(scheduler.WhenFinishedAsync(one.Id), scheduler.WhenFinishedAsync(two.Id), scheduler.WhenFinishedAsync(three.Id)).WaitAsync(SafetyTimeout);
        Assert.Equal(2, first.Numbers.Concat(second.Numbers).Count(number => number == "111"));
    }

    private FaxJobScheduler Scheduler(IFaxJobJournal journal, IFaxSender sender) =>
        new(journal, new FaxModemPool([new PooledFaxModem("modem-a", sender)]), new FaxArchive(_temp.File("archive"), _time), Retry, _time);

    /// <summary>
    /// Pumps fake time through the back-offs until the job has finished. (A retry's timer is created just
    /// after its OnRetry callback, so time is advanced in small rounds rather than once per signal.)
    /// </summary>
    private async Task<FaxJob> RunToEndAsync(FaxJobScheduler scheduler, string jobId)
    {
        Task finished = scheduler.WhenFinishedAsync(jobId);
        using var safety = new CancellationTokenSource(SafetyTimeout);
        while (!finished.IsCompleted && !safety.IsCancellationRequested)
        {
            await Task.WhenAny(finished, Task.Delay(5, CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        await finished.WaitAsync(SafetyTimeout);
        return scheduler.Find(jobId)!;
    }

    private static FaxBitmap Page()
    {
        var page = new FaxBitmap(FaxResolutionExtensions.PageWidth, 40);
        page.Row(10).Fill(0xF0);
        return page;
    }

    private sealed class GatedFaxSender(Task gate) : IFaxSender
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _active;

        public Task Started => _started.Task;

        public int Active => Volatile.Read(ref _active);

        public System.Collections.Concurrent.ConcurrentQueue<string> Numbers { get; } = new();

        public async Task<FaxSendResult> SendAsync(string number, IReadOnlyList<FaxBitmap> pages, FaxResolution pageResolution, CancellationToken cancellationToken = default)
        {
            Numbers.Enqueue(number);
            Interlocked.Increment(ref _active);
            _started.TrySetResult();
            await gate.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _active);
            return new FaxSendResult(FaxSendOutcome.Delivered, "ok", FaxHangupCode.Normal, [new FaxPageResult(1, 1, 10)], 1);
        }
    }
}
