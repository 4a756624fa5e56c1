using Gateway.Host.Configuration;
using Gateway.Sip.Call;
using Gateway.Sip.Call.Records;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>
/// Owns the call record store of the process. With SIP on, records are journaled to
/// <c>DataDirectory/calls/calls.jsonl</c> (SipOptions are not read here: their validation needs the call applications,
/// which need this); at creation (before the SIP stack takes calls) recordings cut by a crash
/// are repaired and the calls they belonged to are closed.
/// </summary>
internal sealed class CallRecordsHost : IAsyncDisposable
{
    private readonly JsonLinesCallRecordJournal? _journal;

    public CallRecordsHost(bool journaled, IOptions<SipRecordingOptions> recording, IOptions<StorageOptions> storage, ILoggerFactory loggers)
    {
        var dataDirectory = Path.GetFullPath(storage.Value.DataDirectory);
        RecordingDirectory = Path.GetFullPath(recording.Value.Directory, dataDirectory);
        if (journaled)
            _journal = new JsonLinesCallRecordJournal(Path.Combine(dataDirectory, "calls", "calls.jsonl"), loggers.CreateLogger<JsonLinesCallRecordJournal>());
        Store = new CallRecordStore(loggers.CreateLogger<CallRecordStore>(), journal: _journal);
        if (_journal is not null) InterruptedCallRecovery.Run(Store, RecordingDirectory, loggers.CreateLogger<CallRecordsHost>());
    }

    public CallRecordStore Store { get; }

    public string RecordingDirectory { get; }

    public async ValueTask DisposeAsync()
    {
        if (_journal is not null) await _journal.DisposeAsync().ConfigureAwait(false);
    }
}
