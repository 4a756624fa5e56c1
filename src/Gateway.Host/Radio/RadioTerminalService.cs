using Gateway.Core.At;
using Gateway.Core.Lifecycle;
using Gateway.Host.Devices;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Gateway.Radio.Voice;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio;

/// <summary>
/// Puts a supervised PEI terminal on each configured terminal's serial device (the device's AT channel, shared
/// with its keep-alive probe), runs start-up until it succeeds (and again after every reconnect), feeds the pool,
/// and routes units' status messages and reports to the text order channel and the event log.
/// Registered after the serial device service, so the devices exist when it starts.
/// </summary>
internal sealed class RadioTerminalService(
    IOptions<RadioOptions> options,
    SerialDeviceRegistry devices,
    RadioTerminalPool pool,
    RadioTextOrderChannel channel,
    RadioEventLog events,
    RadioVoiceOrders voiceOrders,
    DeviceStopHookRegistry stopHooks,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger = loggers.CreateLogger<RadioTerminalService>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(SupervisedPeiTerminal Terminal, IDisposable StopHook)> _terminals = [];
    private readonly List<Task> _startUps = [];
    private IDisposable? _voiceStopHook;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var statusMap = new OrderStatusMap(options.Value.StatusValues);
        foreach (var config in options.Value.Terminals)
        {
            if (devices.Find(config.Device) is not { } device)
            {
                _logger.LogError("Radio terminal {Name}: serial device {Device} is not running", config.Name, config.Device);
                continue;
            }

            var terminal = new SupervisedPeiTerminal(device.At, options.Value.ToTerminalOptions(config), time, loggers, statusMap);
            Wire(terminal, config);
            pool.Add(terminal, config.Role);
            if (config.Voice is { } voice)
                voiceOrders.AddLine(new PeiVoiceLine(terminal.Terminal, options.Value.ToTerminalOptions(config).Talkgroup, time, voice.Talkgroups));
            _terminals.Add((terminal, stopHooks.Register(terminal.Terminal)));
            _startUps.Add(StartUntilReadyAsync(terminal, _stopping.Token));
        }

        // Registered after the terminals' hooks; every hook releases PTT on its own, so their order does not matter.
        _voiceStopHook = stopHooks.Register(voiceOrders);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        channel.Stop();
        await Task.WhenAll(_startUps).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _voiceStopHook?.Dispose();
        foreach (var (terminal, stopHook) in _terminals)
        {
            stopHook.Dispose();
            await terminal.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void Wire(SupervisedPeiTerminal terminal, RadioTerminalConfig config)
    {
        terminal.Terminal.StatusReceived += status =>
        {
            events.Add(RadioEventKind.Status, terminal.Name, status.Source, null, state: status.State?.ToString(), statusValue: status.Value);
            channel.OnStatus(status);
        };
        terminal.Terminal.TextDeliveryReported += report =>
        {
            if (report.Outcome != SdsDeliveryOutcome.Consumed)
                return;
            events.Add(RadioEventKind.Consumed, terminal.Name, report.Destination, null, [report.MessageReference]);
            channel.OnConsumed(report.Destination);
        };
        terminal.HealthChanged += health =>
        {
            if (health.Readiness == PeiTerminalReadiness.Ready && config.Issi is { Length: > 0 } expected && health.OwnIdentity != expected)
                _logger.LogWarning("Radio terminal {Name} reports ISSI {Actual}, configured {Expected}", config.Name, health.OwnIdentity, expected);
        };
    }

    /// <summary>Start-up until it succeeds once; later reconnects re-run it by themselves.</summary>
    private async Task StartUntilReadyAsync(SupervisedPeiTerminal terminal, CancellationToken stopping)
    {
        var retry = FirstRetry;
        while (!stopping.IsCancellationRequested && !terminal.IsReady)
        {
            try
            {
                await terminal.StartAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                // The serial device service starts the AT channel once its link has been tried.
            }
            catch (Exception ex) when (ex is PeiCommandException or AtException)
            {
                _logger.LogWarning("Radio terminal {Name} start-up failed: {Error}; retrying in {Delay}", terminal.Name, ex.Message, retry);
            }

            try
            {
                await Task.Delay(retry, time, stopping).ConfigureAwait(false);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
