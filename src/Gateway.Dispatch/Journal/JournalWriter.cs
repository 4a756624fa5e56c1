using System.Threading.Channels;
using Gateway.Dispatch.Events;
using Gateway.Dispatch.Storage;
using Microsoft.Extensions.Logging;

namespace Gateway.Dispatch.Journal;

/// <summary>
/// The one task that writes the journal. It takes every append waiting in the queue, writes them in one
/// transaction, then publishes their events and completes all their waiters (group commit): under load
/// the disk is synced once per batch, not once per command.
/// </summary>
internal sealed class JournalWriter : IAsyncDisposable
{
    private readonly IJournalStore _store;
    private readonly EventHub _hub;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly Channel<PendingAppend> _queue =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Task _loop;
    private long _transactions;
    private long _eventsWritten;
    private Exception? _fault;

    public JournalWriter(IJournalStore store, EventHub hub, int maxBatch, ILogger logger)
    {
        _store = store;
        _hub = hub;
        _maxBatch = maxBatch;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public long TransactionsCommitted => Interlocked.Read(ref _transactions);

    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    /// <summary>Queues events; the task completes when they are durable. Callers enqueue in sequence order.</summary>
    public Task Append(DispatchEvent[] events)
    {
        if (_fault is { } fault)
        {
            return Task.FromException(new InvalidOperationException("The dispatch journal failed; nothing more is accepted.", fault));
        }
        var pending = new PendingAppend(events);
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException(new ObjectDisposedException(nameof(JournalWriter)));
        }
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var events = new List<DispatchEvent>(_maxBatch * 2);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events.AddRange(pending.Events);
            }
            await CommitAsync(batch, events).ConfigureAwait(false);
            batch.Clear();
            events.Clear();
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch, List<DispatchEvent> events)
    {
        if (_fault is not null)
        {
            Fail(batch, _fault);
            return;
        }
        try
        {
            await _store.AppendAsync(events, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // In-memory state already holds these changes; continuing would let it drift from disk.
            _logger.LogCritical(ex, "Journal write failed; the dispatch engine stops accepting commands");
            _fault = ex;
            Fail(batch, ex);
            return;
        }
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _eventsWritten, events.Count);
        _hub.Publish(events, ex => _logger.LogError(ex, "An event observer failed"));
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult();
        }
    }

    private static void Fail(List<PendingAppend> batch, Exception ex)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(ex);
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed class PendingAppend(DispatchEvent[] events)
    {
        public DispatchEvent[] Events { get; } = events;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
