using System.Diagnostics;
using System.Text;

namespace Gateway.IntegrationTests.Media;

/// <summary>
/// baresip as a real phone in a config folder of its own: sends <c>source.wav</c> (aufile), records what it
/// receives with the sndfile module (<c>dump-*-dec.wav</c>), dials one number and quits after a bounded time.
/// </summary>
internal sealed class BaresipPhone : IDisposable
{
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private Process? _process;

    /// <param name="codec">The one codec baresip offers (PCMA or PCMU).</param>
    public BaresipPhone(short[] source, string codec = "PCMA")
    {
        _directory = Directory.CreateTempSubdirectory("baresip-gw-").FullName;
        SoundDirectory = Directory.CreateDirectory(Path.Combine(_directory, "snd")).FullName;
        SourcePath = Path.Combine(_directory, "source.wav");
        TestSignals.WriteWav(SourcePath, source);
        var port = Gateway.IntegrationTests.Sip.SippRunner.FreePort();
        File.WriteAllText(Path.Combine(_directory, "config"), $"""
            poll_method epoll
            sip_listen 127.0.0.1:{port}
            net_interface 127.0.0.1
            dns_server 127.0.0.1:53
            audio_path /usr/share/baresip
            audio_source aufile,{SourcePath}
            audio_player alsa,null
            audio_alert alsa,null
            ausrc_srate 8000
            ausrc_channels 1
            snd_path {SoundDirectory}
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            module alsa.so
            module sndfile.so
            module_tmp uuid.so
            module_tmp account.so
            module_app menu.so
            """);
        File.WriteAllText(Path.Combine(_directory, "accounts"), $"<sip:phone@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs={codec}\n");
    }

    public string SourcePath { get; }

    public string SoundDirectory { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Dials <paramref name="uri"/> and returns when baresip has quit (after <paramref name="seconds"/>).</summary>
    public async Task DialAsync(string uri, int seconds, CancellationToken cancellationToken)
    {
        StartDialing(uri, seconds);
        try
        {
            await _process!.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(seconds + 20), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _process!.Kill(entireProcessTree: true);
            throw;
        }
        _process.WaitForExit();   // drains the output events
    }

    /// <summary>Starts baresip dialling <paramref name="uri"/>; it quits by itself after <paramref name="seconds"/>.</summary>
    public void StartDialing(string uri, int seconds)
    {
        var start = new ProcessStartInfo("baresip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _directory };
        foreach (var argument in new[] { "-f", _directory, "-e", $"/dial {uri}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        if (!_process.Start()) throw new InvalidOperationException("baresip did not start");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Completes when baresip prints a line containing <paramref name="text"/> (e.g. "Call established").</summary>
    public Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
            else _waiters.Add((text, seen));
        }
        return seen.Task;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The WAV of what baresip received (sndfile's decoder dump).</summary>
    public string ReceivedWav() => Directory.GetFiles(SoundDirectory, "dump-*-dec.wav").Single();

    /// <summary>The WAV of what baresip sent (sndfile's encoder dump).</summary>
    public string SentWav() => Directory.GetFiles(SoundDirectory, "dump-*-enc.wav").Single();

    public void Dispose()
    {
        if (_process is { HasExited: false } running) running.Kill(entireProcessTree: true);
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
