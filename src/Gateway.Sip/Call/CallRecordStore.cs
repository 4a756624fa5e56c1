using System.Collections.Concurrent;
using Gateway.Sip.Call.Records;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call;

/// <summary>
/// The most recent call records in memory (bounded), each also logged when it ends. With a journal, records are
/// durable: calls in progress are written when they start (and when their recording starts), finished calls when
/// they end; at construction the journal is read back and calls cut by a crash are listed in <see cref="Interrupted"/>.
/// </summary>
public sealed class CallRecordStore
{
    private readonly ConcurrentQueue<CallRecord> _records = new();
    private readonly ConcurrentDictionary<string, CallRecord> _active = new(StringComparer.Ordinal);
    private readonly ILogger<CallRecordStore> _logger;
    private readonly int _capacity;
    private readonly ICallRecordJournal? _journal;
    private readonly List<CallRecord> _interrupted = [];

    public CallRecordStore(ILogger<CallRecordStore> logger, int capacity = 10_000, ICallRecordJournal? journal = null)
    {
        _logger = logger;
        _capacity = capacity;
        _journal = journal;
        if (journal is not null) Load(journal.Loaded);
    }

    public IReadOnlyCollection<CallRecord> Snapshot() => _records.ToArray();

    /// <summary>Calls in progress (those begun with <see cref="Begin"/>).</summary>
    public IReadOnlyCollection<CallRecord> ActiveCalls() => _active.Values.ToArray();

    /// <summary>Calls that were in progress when the previous process stopped without ending them (read from the journal).</summary>
    public IReadOnlyList<CallRecord> Interrupted => _interrupted;

    public ICallRecordJournal? Journal => _journal;

    /// <summary>Raised after a record is stored (media released, call fully over).</summary>
    public event Action<CallRecord>? Completed;

    /// <summary>A record by its <see cref="CallRecord.Id"/>, finished or in progress.</summary>
    public CallRecord? Find(string id) =>
        _active.TryGetValue(id, out var active) ? active : _records.FirstOrDefault(r => r.Id == id);

    /// <summary>Notes a call that has started (kept in <see cref="ActiveCalls"/> and journaled until it completes).</summary>
    public void Begin(CallRecord record)
    {
        _active[record.Id] = record;
        _journal?.Append(record, ended: false);
    }

    /// <summary>Journals a call's record again while it runs (e.g. once its recording file is known).</summary>
    public void Checkpoint(CallRecord record) => _journal?.Append(record, ended: false);

    public void Complete(CallRecord record)
    {
        _active.TryRemove(record.Id, out _);
        _journal?.Append(record, ended: true);
        Keep(record);
        _logger.LogInformation("Call {Id} {CallId} from {Caller} to {Called} via {Route}: started {Started:O}, answered {Answered:O}, ended {Ended:O}, {Status} {Cause}",
            record.Id, record.CallId, record.Caller, record.Called, record.Route, record.Started, record.Answered, record.Ended, record.EndStatus, record.EndCause);
        Completed?.Invoke(record);
    }

    private void Keep(CallRecord record)
    {
        _records.Enqueue(record);
        while (_records.Count > _capacity && _records.TryDequeue(out _))
        {
        }
    }

    private void Load(IReadOnlyList<CallRecordJournalLine> lines)
    {
        var latest = new Dictionary<string, CallRecordJournalLine>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in lines)
        {
            if (!latest.ContainsKey(line.Record.Id)) order.Add(line.Record.Id);
            latest[line.Record.Id] = line;
        }
        foreach (var id in order)
        {
            var line = latest[id];
            if (line.Ended) Keep(line.Record);
            else _interrupted.Add(line.Record);
        }
    }
}
