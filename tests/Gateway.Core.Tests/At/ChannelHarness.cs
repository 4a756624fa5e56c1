using System.Diagnostics.Metrics;
using Gateway.Core.At;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.At;

/// <summary>
/// A started channel over a fake link in fake time, plus a barrier: <see cref="SyncAsync"/> sends a
/// marker URC and waits until the read loop delivered it, so everything the device sent before has
/// been processed too (the read loop handles bytes in order).
/// </summary>
internal sealed class ChannelHarness : IAsyncDisposable
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);

    private const string SyncPrefix = "+ZZSYNC";
    private readonly IDisposable _syncSubscription;
    private readonly MeterListener _meterListener = new();
    private readonly Dictionary<string, long> _counters = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _syncs = new();
    private int _lastSync;

    private ChannelHarness(AtChannelOptions? options)
    {
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AtChannelMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>(OnMeasurement);
        _meterListener.Start();
        Channel = new AtCommandChannel(Link, options, Time);
        _syncSubscription = Channel.SubscribeUnsolicited(SyncPrefix, OnSyncMarker);
    }

    public FakeSerialLink Link { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public AtCommandChannel Channel { get; }

    public static async Task<ChannelHarness> StartAsync(AtChannelOptions? options = null)
    {
        var harness = new ChannelHarness(options);
        await harness.Link.OpenAsync();
        harness.Channel.Start();
        return harness;
    }

    /// <summary>Waits until the read loop has processed everything the device sent so far.</summary>
    public async Task SyncAsync()
    {
        // Each call has its own marker, so overlapping calls (e.g. one inside a link write hook) cannot steal each other's signal.
        int id = Interlocked.Increment(ref _lastSync);
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _syncs[id] = synced;
        Link.Send($"\r\n{SyncPrefix}: {id}\r\n");
        await synced.Task.WaitAsync(Safety);
    }

    /// <summary>Total of one counter of the Gateway.Core.At meter for this harness's link only.</summary>
    public long Counter(string name)
    {
        lock (_counters)
        {
            return _counters.GetValueOrDefault(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _syncSubscription.Dispose();
        await Channel.DisposeAsync();
        await Link.DisposeAsync();
        _meterListener.Dispose();
    }

    private void OnSyncMarker(in AtUnsolicitedMessage message)
    {
        if (int.TryParse(message.Parameters, out int id) && _syncs.TryRemove(id, out TaskCompletionSource? synced))
        {
            synced.TrySetResult();
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "device" && Equals(tag.Value, Link.Address))
            {
                lock (_counters)
                {
                    _counters[instrument.Name] = _counters.GetValueOrDefault(instrument.Name) + value;
                }

                return;
            }
        }
    }
}
