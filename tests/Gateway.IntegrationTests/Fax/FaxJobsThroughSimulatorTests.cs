using Gateway.Fax.Archive;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Jobs;
using Gateway.Fax.Modem;
using Gateway.Fax.Rendering;
using Gateway.Simulators.Devices.Fax;

namespace Gateway.IntegrationTests.Fax;

/// <summary>Fax jobs through the pool, the Class 2.0 driver and a real pty to the simulated modem with faults.</summary>
public sealed class FaxJobsThroughSimulatorTests : IDisposable
{
    // Real time with a short back-off: the pty and the simulator run on the wall clock anyway.
    private static readonly FaxRetryOptions QuickRetry = new() { MaxRetries = 3, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), UseJitter = false };

    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(120));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Busy_twice_then_success_is_delivered_once_with_three_attempts_journaled()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout, FaxFault.Busy, faultedCalls: 2);
        var (scheduler, journalPath, journal) = Scheduler(fixture);
        await using (scheduler)
        using (journal)
        {
            var completions = new List<FaxJobCompleted>();
            scheduler.JobCompleted += completions.Add;
            using var renderer = new FaxPageRenderer();
            FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("05802110", renderer.Render(FaxOverPtyTests.ChineseOrder(), FaxResolution.Fine), FaxResolution.Fine), Timeout);
            await scheduler.WhenFinishedAsync(job.Id).WaitAsync(Timeout);

            Assert.Equal(FaxJobStatus.Delivered, scheduler.Find(job.Id)!.Status);
            Assert.Single(completions);
        }

        Assert.Equal(1, fixture.Log.DeliveredJobs);
        Assert.Equal(3, fixture.Log.Calls.Count);
        using var replayed = new JsonLinesFaxJobJournal(journalPath);
        FaxJob stored = Assert.Single(replayed.Jobs);
        Assert.Equal([FaxSendOutcome.Busy, FaxSendOutcome.Busy, FaxSendOutcome.Delivered], stored.Attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task No_carrier_in_the_middle_of_a_page_is_retried_and_never_reported_delivered_while_it_lasts()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout, FaxFault.NoCarrier);
        var (scheduler, _, journal) = Scheduler(fixture);
        await using (scheduler)
        using (journal)
        {
            var delivered = 0;
            scheduler.JobCompleted += completed => delivered += completed.Delivered ? 1 : 0;
            using var renderer = new FaxPageRenderer();
            FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("110", renderer.Render(FaxOverPtyTests.ChineseOrder(), FaxResolution.Fine), FaxResolution.Fine), Timeout);
            await scheduler.WhenFinishedAsync(job.Id).WaitAsync(Timeout);

            FaxJob finished = scheduler.Find(job.Id)!;
            Assert.Equal(FaxJobStatus.Failed, finished.Status);
            Assert.Equal(0, delivered);
            Assert.Equal(QuickRetry.MaxRetries + 1, finished.Attempts.Count);
            Assert.All(finished.Attempts, attempt => Assert.Equal(FaxSendOutcome.NoCarrier, attempt.Outcome));
        }

        Assert.Equal(0, fixture.Log.DeliveredJobs);
        Assert.All(fixture.Log.Calls, call => Assert.Empty(call.Pages));
    }

    [Fact]
    public async Task No_carrier_once_then_a_clean_call_delivers_the_job_once()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout, FaxFault.NoCarrier, faultedCalls: 1);
        var (scheduler, _, journal) = Scheduler(fixture);
        await using (scheduler)
        using (journal)
        {
            using var renderer = new FaxPageRenderer();
            IReadOnlyList<FaxBitmap> pages = renderer.Render(FaxOverPtyTests.ChineseOrder(), FaxResolution.Fine);
            FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("110", pages, FaxResolution.Fine), Timeout);
            await scheduler.WhenFinishedAsync(job.Id).WaitAsync(Timeout);

            Assert.Equal(FaxJobStatus.Delivered, scheduler.Find(job.Id)!.Status);
            Assert.Equal([FaxSendOutcome.NoCarrier, FaxSendOutcome.Delivered], scheduler.Find(job.Id)!.Attempts.Select(a => a.Outcome));
            Assert.Equal(1, fixture.Log.DeliveredJobs);
            FaxOverPtyTests.AssertSamePixels(pages[0], PbmFormat.Read(fixture.Log.Calls[1].Pages[0].PbmPath), "simulator decoder");
        }
    }

    [Fact]
    public async Task An_image_file_sent_as_it_is_arrives_identical()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout);
        var image = new FaxBitmap(FaxResolutionExtensions.PageWidth, 700);
        var random = new Random(2026);
        for (int y = 100; y < 600; y += 3)
            random.NextBytes(image.Row(y)[20..180]);
        string file = Path.Combine(fixture.Directory, "scan.pbm");
        PbmFormat.Write(image, file);
        IReadOnlyList<FaxBitmap> pages = FaxImagePages.Load(file, FaxResolution.Fine);
        var (scheduler, _, journal) = Scheduler(fixture);
        await using (scheduler)
        using (journal)
        {
            FaxJob job = await scheduler.SubmitAsync(new FaxJobRequest("110", pages, FaxResolution.Fine), Timeout);
            await scheduler.WhenFinishedAsync(job.Id).WaitAsync(Timeout);
            Assert.Equal(FaxJobStatus.Delivered, scheduler.Find(job.Id)!.Status);
        }

        FaxReceivedPage received = Assert.Single(Assert.Single(fixture.Log.Calls).Pages);
        FaxOverPtyTests.AssertSamePixels(image, PbmFormat.Read(received.PbmPath), "simulator decoder");
    }

    private static (FaxJobScheduler Scheduler, string JournalPath, JsonLinesFaxJobJournal Journal) Scheduler(FaxSimulatorFixture fixture)
    {
        string journalPath = Path.Combine(fixture.Directory, "jobs.jsonl");
        var journal = new JsonLinesFaxJobJournal(journalPath);
        var modem = new Class2FaxModem(fixture.Channel, new FaxModemOptions { StationId = "110", Compression = T4Compression.ModifiedRead });
        var pool = new FaxModemPool([new PooledFaxModem("sim", modem)]);
        var scheduler = new FaxJobScheduler(journal, pool, new FaxArchive(Path.Combine(fixture.Directory, "archive"), TimeProvider.System), QuickRetry);
        return (scheduler, journalPath, journal);
    }
}
