using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Dispatch.Tests.Support;

/// <summary>An engine over SQLite in a temp dir, fake time and recording channels; can be restarted over the same file.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>Monday 2 March 2026, 10:00 in China: daytime.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly string _directory = Directory.CreateTempSubdirectory("dispatch-test-").FullName;
    private readonly Func<IJournalStore> _storeFactory;
    private IJournalStore? _store;

    public EngineHarness(DispatchOptions? options = null, FakeTimeProvider? time = null, Func<IJournalStore>? storeFactory = null)
    {
        Options = options ?? DefaultOptions();
        Time = time ?? new FakeTimeProvider(Start);
        _storeFactory = storeFactory ?? (() => new SqliteJournalStore(DatabasePath));
    }

    public DispatchOptions Options { get; }
    public FakeTimeProvider Time { get; }
    public string DatabasePath => Path.Combine(_directory, "dispatch.db");
    public DispatchEngine Engine { get; private set; } = null!;
    public EventRecorder Recorder { get; private set; } = null!;
    public RecordingChannel Radio { get; private set; } = null!;
    public RecordingChannel Fax { get; private set; } = null!;
    public RecordingChannel Terminal { get; private set; } = null!;

    public static DispatchOptions DefaultOptions() => new()
    {
        Units = Units.All,
        Channels =
        {
            [ChannelKind.RadioText] = new ChannelOptions { AckTimeout = TimeSpan.FromSeconds(90) },
            [ChannelKind.DutyTerminal] = new ChannelOptions { AckTimeout = TimeSpan.FromSeconds(60) },
            [ChannelKind.Fax] = new ChannelOptions { AckTimeout = TimeSpan.FromMinutes(5), StopFallbackOn = DeliveryMilestone.Delivered },
        },
    };

    public async Task<DispatchEngine> StartAsync(
        ChannelBehaviour radio = ChannelBehaviour.Accept,
        ChannelBehaviour fax = ChannelBehaviour.Accept,
        ChannelBehaviour terminal = ChannelBehaviour.Accept)
    {
        Radio = new RecordingChannel(ChannelKind.RadioText, radio);
        Fax = new RecordingChannel(ChannelKind.Fax, fax);
        Terminal = new RecordingChannel(ChannelKind.DutyTerminal, terminal);
        _store = _storeFactory();
        Recorder = new EventRecorder();
        // Subscribed by the start itself: a deadline slept through fires during it (subscribing afterwards lost that
        // event in one CI-like run).
        Engine = await DispatchEngine.StartAsync(Options, _store, new IOrderChannel[] { Radio, Fax, Terminal }, Time, observers: [Recorder]);
        return Engine;
    }

    /// <summary>Stops the engine as a shutdown would (the journal is flushed); the file stays for the next start.</summary>
    public async Task StopAsync()
    {
        await Engine.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    public async Task<Guid> OpenIncidentAsync(IncidentCategory category = IncidentCategory.Criminal, bool emergency = true)
    {
        var result = await Engine.OpenIncidentAsync(new IncidentDraft(category, "解放路 12 号", null, emergency, IncidentPriority.High, "test"));
        Assert.True(result.IsOk, result.Error);
        return result.Value!.Incident.Id;
    }

    public async Task<OrderSnapshot> DispatchAsync(string unitId, IncidentCategory category = IncidentCategory.Criminal)
    {
        var incident = await OpenIncidentAsync(category);
        var result = await Engine.DispatchOrderAsync(incident, unitId, "请立即前往现场处置");
        Assert.True(result.IsOk, result.Error);
        return result.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled handle; the temp dir is cleaned by the OS later.
        }
    }
}
