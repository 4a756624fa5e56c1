using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Records;

/// <summary>
/// Start-up clean-up after a crash: repairs every WAV under the recording folder, then closes the call records that
/// were still in progress, with the recording's real length and an end time derived from it.
/// </summary>
public static class InterruptedCallRecovery
{
    public const string EndCause = "Interrupted: the gateway stopped during the call";

    public static IReadOnlyList<WavRepairResult> Run(CallRecordStore store, string? recordingDirectory, ILogger logger)
    {
        IReadOnlyList<WavRepairResult> repaired = [];
        if (recordingDirectory is not null && Directory.Exists(recordingDirectory))
        {
            repaired = WavRepair.RepairDirectory(recordingDirectory);
            foreach (var result in repaired.Where(r => r.Outcome != WavRepairOutcome.Intact))
                logger.LogWarning("Recording {Path}: {Outcome} ({DurationMs} ms)", result.Path, result.Outcome, (long)result.Duration.TotalMilliseconds);
        }
        var byPath = repaired.ToDictionary(r => Path.GetFullPath(r.Path), StringComparer.Ordinal);
        foreach (var record in store.Interrupted)
        {
            TimeSpan? recorded = null;
            if (record.Recording is { } recording)
            {
                var full = Path.GetFullPath(recording.Path);
                var result = byPath.TryGetValue(full, out var known) ? known : File.Exists(full) ? WavRepair.Repair(full) : null;
                if (result is { Outcome: not WavRepairOutcome.NotRepairable })
                {
                    recorded = result.Duration;
                    record.Recording = recording with { DurationMs = (long)result.Duration.TotalMilliseconds };
                }
            }
            var from = record.Answered ?? record.Started;
            record.Ended = from + (recorded ?? TimeSpan.Zero);
            record.EndStatus = 0;
            record.EndCause = EndCause;
            logger.LogWarning("Call {Id} from {Caller} to {Called} was cut by a stop of the gateway; recording {Path} kept", record.Id, record.Caller, record.Called, record.Recording?.Path);
            store.Complete(record);
        }
        return repaired;
    }
}
