using Gateway.Core.At;
using Gateway.Core.Serial;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Devices;

/// <summary>
/// Opens a self-reconnecting link and an AT channel for every configured serial device,
/// probes idle devices with a plain <c>AT</c>, and closes everything on stop. A device that
/// is unreachable at start-up does not stop the gateway: its link keeps retrying with back-off
/// and /health shows it down. Registered before the device shutdown service, so the drivers'
/// stop hooks (release PTT, hang up) run while links are still open.
/// </summary>
internal sealed class SerialDeviceService(
    IOptions<SerialOptions> options,
    SerialLinkFactory factory,
    SerialDeviceRegistry registry,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<SerialDeviceService>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _probes = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var config in options.Value.Devices)
        {
            var link = factory.CreateReconnecting(SerialLinkAddress.Parse(config.Address));
            var at = new AtCommandChannel(link, new AtChannelOptions(), time, loggers.CreateLogger<AtCommandChannel>());
            var device = new SerialDevice(config, link, at);
            registry.Add(device);
            _probes.Add(RunAsync(device, _stopping.Token));
        }
        return Task.CompletedTask;
    }

    private async Task RunAsync(SerialDevice device, CancellationToken stopping)
    {
        try
        {
            await device.Link.OpenAsync(stopping);
            _logger.LogInformation("Serial device {Device} open on {Address}", device.Options.Name, device.Link.Address);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Serial device {Device} not open on {Address}: {Error}", device.Options.Name, device.Link.Address, ex.Message);
        }
        device.At.Start();
        if (device.Options.KeepAlive <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(device.Options.KeepAlive, time);
        do
        {
            await ProbeAsync(device, stopping);
        }
        while (await WaitAsync(timer, stopping));
    }

    private async Task ProbeAsync(SerialDevice device, CancellationToken stopping)
    {
        try
        {
            var answer = await device.At.ExecuteAsync(new AtCommand("AT") { Timeout = TimeSpan.FromSeconds(2) }, stopping);
            device.LastProbeError = answer.IsSuccess ? null : $"AT answered {answer.Result}";
            device.LastProbeAnswer = time.GetUtcNow();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (AtException ex)
        {
            device.LastProbeError = ex.Message;
            _logger.LogWarning("Serial device {Device} keep-alive failed: {Error}", device.Options.Name, ex.Message);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_probes);
        foreach (var device in registry.All)
        {
            await device.At.DisposeAsync();
            await device.Link.DisposeAsync();
        }
        _stopping.Dispose();
    }
}
