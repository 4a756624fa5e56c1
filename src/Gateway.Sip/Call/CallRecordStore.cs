using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call;

/// <summary>The most recent call records in memory (bounded), each also logged when it ends.</summary>
public sealed class CallRecordStore(ILogger<CallRecordStore> logger, int capacity = 10_000)
{
    private readonly ConcurrentQueue<CallRecord> _records = new();

    public IReadOnlyCollection<CallRecord> Snapshot() => _records.ToArray();

    /// <summary>Raised after a record is stored (media released, call fully over).</summary>
    public event Action<CallRecord>? Completed;

    public void Complete(CallRecord record)
    {
        _records.Enqueue(record);
        while (_records.Count > capacity && _records.TryDequeue(out _))
        {
        }
        logger.LogInformation("Call {Id} {CallId} from {Caller} to {Called} via {Route}: started {Started:O}, answered {Answered:O}, ended {Ended:O}, {Status} {Cause}",
            record.Id, record.CallId, record.Caller, record.Called, record.Route, record.Started, record.Answered, record.Ended, record.EndStatus, record.EndCause);
        Completed?.Invoke(record);
    }
}
