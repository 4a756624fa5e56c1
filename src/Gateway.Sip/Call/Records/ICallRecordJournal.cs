namespace Gateway.Sip.Call.Records;

/// <summary>Durable storage behind <see cref="CallRecordStore"/>: every state of a record is appended, the last one wins.</summary>
public interface ICallRecordJournal
{
    /// <summary>Records read back at start-up, in the state each was last written.</summary>
    IReadOnlyList<CallRecordJournalLine> Loaded { get; }

    /// <summary>Queues the record's current state; returns at once (a background writer makes it durable).</summary>
    void Append(CallRecord record, bool ended);

    /// <summary>Completes once everything appended so far is on the disk.</summary>
    Task FlushAsync();
}

/// <summary>One line of the journal: a record and whether the call was over when it was written.</summary>
public sealed record CallRecordJournalLine(bool Ended, CallRecord Record);
