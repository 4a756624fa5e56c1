using System.Net.Sockets;
using Gateway.Simulators.At;
using Gateway.Simulators.Devices;
using Gateway.Simulators.Faults;
using Gateway.Simulators.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Simulators.Hosting;

/// <summary>
/// One simulated AT device served on raw TCP, RFC 2217 and/or a pty: the same thing the CLI runs,
/// startable in-process by tests (port 0, then read <see cref="TcpPort"/>, <see cref="Rfc2217Port"/>,
/// <see cref="PtyPath"/>). Every connection gets its own device model; all share one set of control lines.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly DeviceRegistration _device;
    private readonly SimulatorHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TcpPortListener? _tcp;
    private readonly TcpPortListener? _rfc2217;
    private readonly PtyBridge? _pty;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private int _sessions;

    public SimulatorHost(DeviceRegistration device, SimulatorHostOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        if (options.TcpPort is null && options.Rfc2217Port is null && options.PtyPath is null)
        {
            throw new ArgumentException("Give at least one of a TCP port, an RFC 2217 port or a pty path", nameof(options));
        }

        _device = device;
        _options = options;
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SimulatorHost>();
        Faults = new FaultInjector(options.Faults);
        var transportLogger = _loggerFactory.CreateLogger("Gateway.Simulators.Transport");
        if (options.TcpPort is { } tcpPort)
        {
            _tcp = new TcpPortListener(options.BindAddress, tcpPort, ServeRawAsync, transportLogger);
        }

        if (options.Rfc2217Port is { } rfc2217Port)
        {
            _rfc2217 = new TcpPortListener(options.BindAddress, rfc2217Port, ServeRfc2217Async, transportLogger);
        }

        if (options.PtyPath is { } ptyPath)
        {
            _pty = new PtyBridge(ptyPath, ServeRawAsync, transportLogger);
        }
    }

    public string DeviceName => _device.Name;

    public SimulatedControlLines Lines { get; } = new();

    public FaultInjector Faults { get; }

    public int? TcpPort => _tcp?.Port;

    public int? Rfc2217Port => _rfc2217?.Port;

    public string? PtyPath => _pty?.LinkPath;

    public bool IsOpen { get; private set; }

    /// <summary>Client connections being served now.</summary>
    public int ActiveSessions => Volatile.Read(ref _sessions);

    /// <summary>Raised when the ports close for a fault and when they open again (true).</summary>
    public event Action<bool>? OpenChanged;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await OpenPortsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await ClosePortsAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Closes every port and connection, as a device that is switched off, and reopens after <paramref name="downtime"/>.</summary>
    public async Task CloseAndReopenAsync(TimeSpan downtime, CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await Task.Delay(downtime, _time, cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            await _disposed.CancelAsync().ConfigureAwait(false);
            await StopAsync().ConfigureAwait(false);
        }
    }

    private async Task OpenPortsAsync(CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            return;
        }

        _tcp?.Start();
        _rfc2217?.Start();
        if (_pty is not null)
        {
            await _pty.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        IsOpen = true;
        _logger.LogInformation("{Device} open: tcp={Tcp} rfc2217={Rfc2217} pty={Pty}", _device.Name, TcpPort, Rfc2217Port, PtyPath);
        OpenChanged?.Invoke(true);
    }

    private async Task ClosePortsAsync()
    {
        if (!IsOpen)
        {
            return;
        }

        IsOpen = false;
        if (_tcp is not null)
        {
            await _tcp.StopAsync().ConfigureAwait(false);
        }

        if (_rfc2217 is not null)
        {
            await _rfc2217.StopAsync().ConfigureAwait(false);
        }

        if (_pty is not null)
        {
            await _pty.StopAsync().ConfigureAwait(false);
        }

        _logger.LogInformation("{Device} closed", _device.Name);
        OpenChanged?.Invoke(false);
    }

    private Task ServeRawAsync(Socket socket, CancellationToken cancellationToken) =>
        ServeAsync(new StreamDeviceConnection(new NetworkStream(socket, ownsSocket: true)), cancellationToken);

    private Task ServeRfc2217Async(Socket socket, CancellationToken cancellationToken) =>
        ServeAsync(
            new Rfc2217DeviceConnection(new NetworkStream(socket, ownsSocket: true), Lines, _loggerFactory.CreateLogger<Rfc2217DeviceConnection>()),
            cancellationToken);

    private async Task ServeAsync(IDeviceConnection connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessions);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                var model = _device.CreateModel(_options.DeviceOptions);
                var session = new AtDeviceSession(
                    connection,
                    model,
                    Lines,
                    Faults,
                    _options.DeviceOptions,
                    RequestCloseAndReopen,
                    _time,
                    _loggerFactory.CreateLogger<AtDeviceSession>());
                await session.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _sessions);
            }
        }
    }

    private void RequestCloseAndReopen()
    {
        // Run apart from the session: closing the ports waits for every session, this one included.
        _ = Task.Run(async () =>
        {
            try
            {
                await CloseAndReopenAsync(Faults.Options.ReopenAfter, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposed while down.
            }
            catch (Exception ex) when (ex is SocketException or InvalidOperationException)
            {
                _logger.LogError(ex, "Reopening {Device} failed", _device.Name);
            }
        });
    }
}
