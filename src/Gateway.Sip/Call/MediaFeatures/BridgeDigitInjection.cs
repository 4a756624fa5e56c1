using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Dtmf;
using Gateway.Sip.Media.Relay;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// Digits sent into a bridged call on the relay fast path: one <see cref="RelayDtmfInjector"/> per leg, driven by one
/// 20 ms clock that starts with the first digit (bridged calls that never send digits keep no timer) and stops with
/// the call.
/// </summary>
internal sealed class BridgeDigitInjection(TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private RelayDtmfInjector[] _injectors = [];
    private MediaFrameClock? _clock;
    private bool _disposed;

    /// <summary>Adds a leg's injector; returns its transmitter (where digits are queued).</summary>
    public DtmfTransmitter Add(RelayDtmfInjector injector)
    {
        lock (_gate) _injectors = [.. _injectors, injector];
        return injector.Transmitter;
    }

    /// <summary>Digits were queued: make sure the clock runs.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            if (_clock is null && !_disposed) _clock = new MediaFrameClock(Tick, time, loggers.CreateLogger<MediaFrameClock>());
        }
    }

    private void Tick()
    {
        foreach (var injector in Volatile.Read(ref _injectors)) injector.Tick();
    }

    public async ValueTask DisposeAsync()
    {
        MediaFrameClock? clock;
        lock (_gate)
        {
            _disposed = true;
            clock = _clock;
        }
        if (clock is not null) await clock.DisposeAsync().ConfigureAwait(false);
    }
}
