using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Records;

/// <summary>
/// Call records as an append-only file of JSON lines. Callers only serialise and queue (never block on the disk);
/// a dedicated writer appends whatever is queued and fsyncs once per batch (group commit), so a record written a
/// moment before a kill -9 is on the disk. At open the file is replayed; a torn last line is skipped.
/// </summary>
public sealed class JsonLinesCallRecordJournal : ICallRecordJournal, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FileStream _file;
    private readonly ILogger _logger;
    private readonly Channel<(byte[]? Line, TaskCompletionSource? Flushed)> _queue =
        Channel.CreateUnbounded<(byte[]?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly List<CallRecordJournalLine> _loaded = [];

    public JsonLinesCallRecordJournal(string path, ILogger<JsonLinesCallRecordJournal> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _logger = logger;
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (File.Exists(Path)) Replay();
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096);
        _writer = Task.Run(WriteAsync);
    }

    public string Path { get; }

    /// <summary>Lines that could not be read at open (a torn last line after a crash).</summary>
    public int SkippedLines { get; private set; }

    public IReadOnlyList<CallRecordJournalLine> Loaded => _loaded;

    public void Append(CallRecord record, bool ended)
    {
        string json;
        lock (record.Digits) lock (record.Media) json = JsonSerializer.Serialize(new CallRecordJournalLine(ended, record), Json);
        _queue.Writer.TryWrite((Encoding.UTF8.GetBytes(json + "\n"), null));
    }

    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((null, flushed))) flushed.TrySetResult();
        return flushed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var waiting = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    if (item.Line is not null) _file.Write(item.Line);
                    if (item.Flushed is not null) waiting.Add(item.Flushed);
                }
                _file.Flush(flushToDisk: true);
            }
            catch (IOException exception)
            {
                _logger.LogError(exception, "Call record journal {Path}: write failed", Path);
            }
            foreach (var flushed in waiting) flushed.TrySetResult();
            waiting.Clear();
        }
    }

    private void Replay()
    {
        foreach (string line in File.ReadLines(Path))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<CallRecordJournalLine>(line, Json) is { Record: not null } entry) _loaded.Add(entry);
            }
            catch (JsonException)
            {
                SkippedLines++;
            }
        }
    }
}
