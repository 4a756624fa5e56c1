using System.Buffers.Binary;
using Gateway.Sip.Call;
using Gateway.Sip.Call.Records;
using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Logging.Abstractions;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Call.MediaFeatures;

public sealed class CallRecordJournalTests : IDisposable
{
    private static readonly Gateway.Sip.Media.Rtp.RtpLegStatisticsSnapshot LegFigures = new(
        500, 80_000, 498, 79_680, 2, 0.004, TimeSpan.FromMilliseconds(3.5), TimeSpan.FromMilliseconds(41), 0, 0x1234u, 0.0, 0, TimeSpan.FromMilliseconds(2));

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-calls-").FullName;

    private string JournalPath => Path.Combine(_directory, "calls", "calls.jsonl");

    private static CallRecord NewRecord(string id, DateTimeOffset started) => new()
    {
        Id = id, CallId = id + "@test", Caller = "sip:13800000000@trunk", Called = "110", Started = started,
    };

    [Fact]
    public async Task Finished_calls_come_back_after_a_restart_with_digits_and_recording_and_a_torn_line_is_skipped()
    {
        var started = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        await using (var journal = new JsonLinesCallRecordJournal(JournalPath, NullLogger<JsonLinesCallRecordJournal>.Instance))
        {
            var store = new CallRecordStore(NullLogger<CallRecordStore>.Instance, journal: journal);
            var record = NewRecord("a1", started);
            store.Begin(record);
            record.Answered = started.AddSeconds(1);
            record.AddDigit(new CallDigit("caller", "5", 100, started.AddSeconds(2)));
            record.AddDigit(new CallDigit("caller", "#", 120, started.AddSeconds(3)));
            record.AddDigit(new CallDigit("callee", "9", 100, started.AddSeconds(4), CallDigit.Sent));
            record.AddLegMedia("caller", LegFigures);
            record.Recording = new CallRecordingSummary("/rec/a1.wav", 4000, "StereoCallerLeft");
            record.Ended = started.AddSeconds(5);
            record.EndCause = "RemoteHangUp: Normal";
            store.Complete(record);
            await journal.FlushAsync();
        }
        File.AppendAllText(JournalPath, "{\"ended\":true,\"record\":{\"id\":\"torn");

        await using var reopened = new JsonLinesCallRecordJournal(JournalPath, NullLogger<JsonLinesCallRecordJournal>.Instance);
        var restored = new CallRecordStore(NullLogger<CallRecordStore>.Instance, journal: reopened);

        Assert.Equal(1, reopened.SkippedLines);
        Assert.Empty(restored.Interrupted);
        var back = Assert.Single(restored.Snapshot());
        Assert.Equal("5#", back.DigitString());   // received only
        Assert.Equal(new CallDigit("callee", "9", 100, started.AddSeconds(4), CallDigit.Sent), back.Digits[^1]);
        Assert.Equal(new CallLegMedia("caller", LegFigures), Assert.Single(back.Media));
        Assert.Equal(started.AddSeconds(1), back.Answered);
        Assert.Equal(new CallRecordingSummary("/rec/a1.wav", 4000, "StereoCallerLeft"), back.Recording);
        Assert.Same(back, restored.Find("a1"));
    }

    [Fact]
    public async Task A_call_cut_by_a_crash_is_closed_at_start_up_with_its_repaired_recording()
    {
        var started = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        var recordings = Directory.CreateDirectory(Path.Combine(_directory, "recordings")).FullName;
        var wav = Path.Combine(recordings, "cut.wav");
        WriteCutWav(wav, frames: 8000);   // 1 s of stereo, header still saying 0 bytes
        await using (var journal = new JsonLinesCallRecordJournal(JournalPath, NullLogger<JsonLinesCallRecordJournal>.Instance))
        {
            var store = new CallRecordStore(NullLogger<CallRecordStore>.Instance, journal: journal);
            var record = NewRecord("b2", started);
            store.Begin(record);
            record.Answered = started.AddSeconds(2);
            record.Recording = new CallRecordingSummary(wav, 0, "StereoCallerLeft");
            store.Checkpoint(record);
            await journal.FlushAsync();
        }

        var reopened = new JsonLinesCallRecordJournal(JournalPath, NullLogger<JsonLinesCallRecordJournal>.Instance);
        var restored = new CallRecordStore(NullLogger<CallRecordStore>.Instance, journal: reopened);
        Assert.Single(restored.Interrupted);
        var repaired = InterruptedCallRecovery.Run(restored, recordings, NullLogger.Instance);
        await reopened.DisposeAsync();

        Assert.Equal(WavRepairOutcome.Repaired, Assert.Single(repaired).Outcome);
        var closed = Assert.Single(restored.Snapshot());
        Assert.Equal(InterruptedCallRecovery.EndCause, closed.EndCause);
        Assert.Equal(1000, closed.Recording!.DurationMs);
        Assert.Equal(started.AddSeconds(3), closed.Ended);
        using (var reader = new WaveFileReader(wav)) Assert.Equal(TimeSpan.FromSeconds(1), reader.TotalTime);

        // Closed for good: the next start finds nothing interrupted.
        await using var third = new JsonLinesCallRecordJournal(JournalPath, NullLogger<JsonLinesCallRecordJournal>.Instance);
        var again = new CallRecordStore(NullLogger<CallRecordStore>.Instance, journal: third);
        Assert.Empty(again.Interrupted);
        Assert.Equal(InterruptedCallRecovery.EndCause, Assert.Single(again.Snapshot()).EndCause);
    }

    private static void WriteCutWav(string path, int frames)
    {
        var bytes = new byte[44 + (frames * 4)];
        "RIFF"u8.CopyTo(bytes);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), 32000);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
