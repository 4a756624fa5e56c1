using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gateway.IntegrationTests.Dispatch;

/// <summary>
/// Runs the built gateway as a real process (<c>dotnet Gateway.Host.dll --config FILE</c>), learns its port from
/// the "Now listening on" line, and kills it with SIGKILL on demand. Each start is a new generation; clients that
/// lost a generation wait for the next one.
/// </summary>
internal sealed partial class GatewayProcessRunner(string workingDirectory, string configFile) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<string> _recentOutput = [];
    private Process? _process;
    private int _generation;
    private (int Generation, Uri Address)? _running;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Starts { get; private set; }

    public string RecentOutput
    {
        get
        {
            lock (_gate)
                return string.Join('\n', _recentOutput);
        }
    }

    /// <summary>Starts a new gateway process and returns once it listens.</summary>
    public async Task<(int Generation, Uri Address)> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Gateway.Host.GatewayHost).Assembly.Location);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        var process = new Process { StartInfo = start };
        int generation;
        lock (_gate)
        {
            generation = ++_generation;
            _process = process;
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data, generation);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, generation);
        process.Start();
        Starts++;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var up = WaitUpAsync(generation - 1, cancellationToken);
        var exited = process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(up, exited) == exited)
            throw new InvalidOperationException($"the gateway exited with {process.ExitCode} before listening:\n{RecentOutput}");
        return await up;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly as in a crash.</summary>
    public async Task KillAsync()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
            _running = null;
        }
        if (process is null)
            return;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>The running generation newer than <paramref name="afterGeneration"/>, once it listens.</summary>
    public async Task<(int Generation, Uri Address)> WaitUpAsync(int afterGeneration, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_running is { } running && running.Generation > afterGeneration)
                    return running;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private void OnLine(string? line, int generation)
    {
        if (line is null)
            return;
        TaskCompletionSource? changed = null;
        lock (_gate)
        {
            _recentOutput.Add($"[{generation}] {line}");
            if (_recentOutput.Count > 300)
                _recentOutput.RemoveAt(0);
            var match = ListeningLine().Match(line);
            if (match.Success && generation == _generation && _process is not null)
            {
                _running = (generation, new Uri(match.Groups[1].Value));
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        changed?.TrySetResult();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync() => await KillAsync();
}
