using Gateway.Core.At;
using Gateway.Fax.Archive;
using Gateway.Fax.Imaging;
using Gateway.Fax.Jobs;
using Gateway.Fax.Modem;
using Gateway.Fax.Rendering;
using Gateway.Host.Configuration;
using Gateway.Host.Devices;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Fax;

/// <summary>
/// The fax side of the host: a Class 2.0 driver per configured modem on its serial device's AT channel,
/// the modem pool, the job scheduler with its journal (<c>DataDirectory/fax/jobs.jsonl</c>) and archive
/// (<c>DataDirectory/fax/archive</c>), and the order renderer. Started once the serial devices are up.
/// </summary>
public sealed class FaxGateway(
    IOptions<FaxHostOptions> options,
    IOptions<StorageOptions> storage,
    SerialDeviceRegistry devices,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _renderLock = new();
    private readonly List<Class2FaxModem> _drivers = [];
    private JsonLinesFaxJobJournal? _journal;
    private FaxPageRenderer? _renderer;

    public FaxHostOptions Options => options.Value;

    /// <summary>Null until started (or when no modem is configured).</summary>
    public FaxJobScheduler? Scheduler { get; private set; }

    public void Start()
    {
        FaxHostOptions config = options.Value;
        if (config.Modems.Count == 0 || Scheduler is not null)
            return;

        var modemOptions = new FaxModemOptions
        {
            StationId = config.StationId,
            Resolution = config.Resolution,
            Compression = config.Compression,
            RtcBy = config.RtcBy,
        };
        var pooled = new List<PooledFaxModem>();
        foreach (FaxModemConfig modem in config.Modems)
        {
            AtCommandChannel channel = devices.Find(modem.Device)?.At
                ?? throw new InvalidOperationException($"{FaxHostOptions.Section}: serial device '{modem.Device}' is not running");
            var driver = new Class2FaxModem(channel, modemOptions, time, loggers.CreateLogger<Class2FaxModem>());
            _drivers.Add(driver);
            pooled.Add(new PooledFaxModem(modem.Name, driver));
        }

        string root = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, "fax"));
        _journal = new JsonLinesFaxJobJournal(Path.Combine(root, "jobs.jsonl"));
        _renderer = new FaxPageRenderer(new FaxRendererOptions { FontPath = config.FontPath });
        var retry = new FaxRetryOptions
        {
            MaxRetries = config.Retry.MaxRetries,
            InitialDelay = config.Retry.InitialDelay,
            MaxDelay = config.Retry.MaxDelay,
        };
        Scheduler = new FaxJobScheduler(
            _journal, new FaxModemPool(pooled), new FaxArchive(Path.Combine(root, "archive"), time), retry, time, loggers.CreateLogger<FaxJobScheduler>());
        Scheduler.ResumeUnfinished();
    }

    /// <summary>Renders an order as pages at the configured resolution (the renderer is not thread-safe).</summary>
    public IReadOnlyList<FaxBitmap> Render(FaxOrder order)
    {
        lock (_renderLock)
        {
            return (_renderer ?? throw new InvalidOperationException("fax is not started")).Render(order, options.Value.Resolution);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Scheduler is not null)
            await Scheduler.DisposeAsync();
        foreach (Class2FaxModem driver in _drivers)
            driver.Dispose();
        _journal?.Dispose();
        _renderer?.Dispose();
    }
}
