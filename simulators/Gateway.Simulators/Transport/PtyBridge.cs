using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Transport;

/// <summary>
/// A pseudo-terminal for the simulated device, made by socat: <c>socat pty,raw,echo=0,link=PATH
/// tcp:127.0.0.1:PORT</c>, where PORT is a private listener of ours. socat rather than openpty: it is
/// already a test peer, it keeps a stable symlink across restarts (reconnect tests reopen the same path),
/// and it spares us P/Invoke of termios structures whose layout differs between platforms.
/// socat is restarted if it exits while the bridge runs.
/// </summary>
public sealed class PtyBridge : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string _linkPath;
    private readonly TcpPortListener _listener;
    private readonly Func<Socket, CancellationToken, Task> _handleConnection;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _socat;
    private bool _running;
    private bool _socatConnected;

    public PtyBridge(string linkPath, Func<Socket, CancellationToken, Task> handleConnection, ILogger logger)
    {
        _linkPath = Path.GetFullPath(linkPath);
        _handleConnection = handleConnection;
        _logger = logger;
        _listener = new TcpPortListener(IPAddress.Loopback, 0, OnSocatConnectedAsync, logger);
    }

    /// <summary>The symlink clients open, e.g. /tmp/ttySIM0.</summary>
    public string LinkPath => _linkPath;

    /// <summary>Starts socat and waits until the pty exists (socat creates it before connecting to us).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        Task connected;
        lock (_gate)
        {
            _running = true;
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connected = _connected.Task;
            StartSocat();
        }

        try
        {
            await connected.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            await StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"socat did not create the pty {_linkPath} within {StartTimeout.TotalSeconds} s (is socat installed?)", ex);
        }
    }

    public async Task StopAsync()
    {
        Process? socat;
        lock (_gate)
        {
            _running = false;
            socat = _socat;
            _socat = null;
        }

        if (socat is not null)
        {
            socat.Exited -= OnSocatExited;
            KillQuietly(socat);
            await socat.WaitForExitAsync().ConfigureAwait(false);
            socat.Dispose();
        }

        // socat killed hard leaves its symlink behind, pointing at a pts another process may get next.
        DeleteStaleLink();
        await _listener.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void StartSocat()
    {
        DeleteStaleLink();
        _socatConnected = false;
        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"pty,raw,echo=0,link={_linkPath}");
        start.ArgumentList.Add($"tcp:127.0.0.1:{_listener.Port},nodelay");
        var socat = new Process { StartInfo = start, EnableRaisingEvents = true };
        socat.Exited += OnSocatExited;
        socat.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                _logger.LogDebug("socat: {Line}", line);
            }
        };
        socat.Start();
        socat.BeginErrorReadLine();
        _socat = socat;
        _logger.LogDebug("socat {Pid} started for {Path}", socat.Id, _linkPath);
    }

    private void OnSocatExited(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            if (!_running || !ReferenceEquals(sender, _socat))
            {
                return;
            }

            if (!_socatConnected)
            {
                // It never reached us: restarting would only spin.
                _connected.TrySetException(new InvalidOperationException($"socat exited before creating the pty {_linkPath}"));
                return;
            }

            _logger.LogInformation("socat for {Path} exited; restarting it", _linkPath);
            _socat?.Dispose();
            StartSocat();
        }
    }

    private async Task OnSocatConnectedAsync(Socket socket, CancellationToken cancellationToken)
    {
        _socatConnected = true;
        _connected.TrySetResult();
        await _handleConnection(socket, cancellationToken).ConfigureAwait(false);
    }

    private void DeleteStaleLink()
    {
        var info = new FileInfo(_linkPath);
        if (info.LinkTarget is not null)
        {
            info.Delete();
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
