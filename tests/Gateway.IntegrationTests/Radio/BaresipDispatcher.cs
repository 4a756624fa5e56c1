using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Simulators.Devices.Radio.Roip;

namespace Gateway.IntegrationTests.Radio;

/// <summary>
/// A dispatcher's SIP phone we did not write: baresip, headless, sending a WAV as its microphone (aufile) and writing
/// what it hears to <c>dump-*-dec.wav</c> (sndfile). It dials once; the call ends with its WAV.
/// </summary>
internal sealed class BaresipDispatcher : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("baresip-radio-").FullName;
    private Process? _process;
    private Task<string>? _stdout;
    private Task<string>? _stderr;

    public string Output { get; private set; } = "";

    /// <summary>
    /// Dials <paramref name="uri"/> with <paramref name="microphone"/> as its audio. baresip ends the call (BYE) when the
    /// WAV ends, so the call lasts as long as the WAV from its answer on; <paramref name="processLimit"/> only bounds
    /// the process. Stop it with <see cref="StopAsync"/>.
    /// </summary>
    public void Start(string uri, short[] microphone, TimeSpan processLimit)
    {
        var source = Path.Combine(_directory, "mic.wav");
        WavPcm.Write(source, microphone);
        File.WriteAllText(Path.Combine(_directory, "config"), string.Join('\n',
            $"sip_listen 127.0.0.1:{FreeUdpPort()}",
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:53",
            "module_path /usr/lib/baresip/modules",
            "audio_path /usr/share/baresip",
            $"audio_source aufile,{source}",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            $"snd_path {_directory}",
            "module g711.so",
            "module aufile.so",
            "module alsa.so",
            "module sndfile.so",
            "module_tmp uuid.so",
            "module_tmp account.so",
            "module_app menu.so",
            ""));
        File.WriteAllText(Path.Combine(_directory, "accounts"), "<sip:dispatcher@127.0.0.1>;regint=0;audio_codecs=PCMA,PCMU\n");
        var limit = ((int)processLimit.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("baresip", ["-f", _directory, "-e", $"/dial {uri}", "-t", limit])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Ends the phone (after its call is over) cleanly and keeps what it printed in <see cref="Output"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        // SIGINT lets baresip close its calls and the sndfile dumps; killing it could leave the -dec.wav unflushed.
        if (!process.HasExited)
        {
            using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Output = await _stdout! + await _stderr!;
        process.Dispose();
        _process = null;
    }

    /// <summary>What the phone received, decoded (sndfile's <c>-dec.wav</c>).</summary>
    public short[] ReadReceived() => ReadDump("dec");

    /// <summary>What the phone sent, before encoding (sndfile's <c>-enc.wav</c>).</summary>
    public short[] ReadSent() => ReadDump("enc");

    private short[] ReadDump(string kind)
    {
        var file = Directory.GetFiles(_directory, $"dump-*-{kind}.wav").SingleOrDefault()
            ?? throw new InvalidOperationException($"baresip wrote no -{kind}.wav; files: {string.Join(", ", Directory.GetFiles(_directory).Select(Path.GetFileName))}\n{Output}");
        return WavPcm.Read(file);
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being flushed by a killed phone: a leftover temp dir is harmless.
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
