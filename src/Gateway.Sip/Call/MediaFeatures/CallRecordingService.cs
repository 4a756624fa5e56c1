using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>Starts and finishes call recordings: file naming, the call record's recording entry, metrics and logs.</summary>
public sealed class CallRecordingService(CallRecordingOptions options, CallRecordStore records, CallMediaMetrics metrics, TimeProvider time, ILogger<CallRecordingService> logger)
{
    /// <summary>
    /// Frames between header refreshes (100 ms): a killed process loses at most this much plus the time line's
    /// <see cref="Gateway.Sip.Media.Recording.RecordingTimeline.DelayFrames"/> (160 ms not yet written).
    /// </summary>
    private const int FlushEveryFrames = 5;

    public CallRecordingOptions Options => options;

    /// <summary>True when this call is to be recorded (all calls, or its route asks).</summary>
    public bool ShouldRecord(bool routeAsks) => options.RecordAllCalls || routeAsks;

    /// <summary>
    /// Opens the call's WAV and notes it in the call record (journaled at once, so a crash leaves the path). Call it at
    /// the answer: the recording's length is counted from here. The call's legs then fill the session's
    /// <see cref="CallRecordingSession.Caller"/> and <see cref="CallRecordingSession.Others"/>; what the gateway itself
    /// plays to the caller can come as <paramref name="othersEachTick"/> instead.
    /// </summary>
    public CallRecordingSession Start(CallRecord record, IAudioFrameSource? othersEachTick = null)
    {
        var started = time.GetUtcNow();
        var folder = Path.Combine(options.Directory, started.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{started:yyyyMMdd-HHmmss}-{record.Id}.wav");
        var recorder = new CallRecorder(path, options.Layout, FlushEveryFrames);
        record.Recording = new CallRecordingSummary(path, 0, options.Layout.ToString());
        records.Checkpoint(record);
        metrics.RecordingsStarted.Add(1);
        logger.LogInformation("Call {Id}: recording to {Path} ({Layout})", record.Id, path, options.Layout);
        // Last, so the recording's time base starts as close to the answer as the caller calls this.
        return new CallRecordingSession(recorder, time, othersEachTick);
    }

    /// <summary>Closes the recording (call it once the call's media is released) and puts its final length and the call's end in the call record.</summary>
    public async Task FinishAsync(CallRecord record, CallRecordingSession session)
    {
        var info = await session.StopAsync().ConfigureAwait(false);
        // The call ends for the record where its recording ends (the B2BUA keeps an end time already set), so file
        // closing and thread-pool delays after it do not count as call time.
        record.Ended ??= session.StoppedAt;
        record.Recording = new CallRecordingSummary(info.Path, (long)info.Duration.TotalMilliseconds, info.Layout.ToString());
        metrics.RecordingsCompleted.Add(1);
        logger.LogInformation("Call {Id}: recording {Path} closed, {DurationMs} ms; late audio kept {LateMs} ms, dropped {DroppedMs} ms, duplicates {DuplicateMs} ms",
            record.Id, info.Path, record.Recording.DurationMs, Milliseconds(session.Caller.LateSamples + session.Others.LateSamples),
            Milliseconds(session.Caller.DroppedSamples + session.Others.DroppedSamples), Milliseconds(session.Caller.DuplicateSamples + session.Others.DuplicateSamples));
    }

    private static long Milliseconds(long samples) => samples / 8;
}
