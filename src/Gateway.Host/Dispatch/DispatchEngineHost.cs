using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Storage;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Dispatch;

/// <summary>
/// Starts the dispatch engine with the host (journal replay, resumed deliveries and timers) and disposes it on
/// stop, so the journal writer drains before the process exits. The API asks it for the running engine.
/// </summary>
internal sealed class DispatchEngineHost(
    IOptions<DispatchOptions> options,
    IOptions<StorageOptions> storage,
    IEnumerable<IOrderChannel> channels,
    DispatchMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private DispatchEngine? _engine;
    private IDisposable? _metricsSubscription;

    /// <summary>Why the engine could not start (shown by the storage:journal health check).</summary>
    public string? StartFailure { get; private set; }

    /// <summary>The running engine, or null before start / after stop.</summary>
    public DispatchEngine? Engine => Volatile.Read(ref _engine);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var store = CreateStore(options.Value, storage.Value);
            var engine = await DispatchEngine.StartAsync(options.Value, store, channels, time, loggers, cancellationToken);
            _metricsSubscription = metrics.Attach(engine);
            Volatile.Write(ref _engine, engine);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Like the other storage users, a journal that cannot be opened does not take calls and radios down
            // with it: the dispatch API answers 503 and /health reports storage:journal down with this reason.
            StartFailure = ex.Message;
            loggers.CreateLogger<DispatchEngineHost>().LogError(ex, "The dispatch engine could not start; the dispatch API is unavailable");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var engine = Interlocked.Exchange(ref _engine, null);
        _metricsSubscription?.Dispose();
        if (engine is not null)
            await engine.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>SQLite under the data directory by default; PostgreSQL when Storage:Provider is Postgres.</summary>
    internal static IJournalStore CreateStore(DispatchOptions dispatch, StorageOptions storage)
    {
        if (storage.Provider == StorageProvider.Postgres)
            return new NpgsqlJournalStore(storage.ConnectionString!);
        var databasePath = Path.GetFullPath(dispatch.DatabasePath, Path.GetFullPath(storage.DataDirectory));
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        return new SqliteJournalStore(databasePath);
    }
}
