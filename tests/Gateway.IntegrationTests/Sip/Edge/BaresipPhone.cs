using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Sip.Edge;

/// <summary>
/// A real phone: headless baresip 1.0 in a config dir of its own, registering with digest (MD5) to the gateway,
/// auto-answering, driven and observed over ctrl_tcp (JSON netstrings). Killed by its process id on dispose.
/// </summary>
internal sealed class BaresipPhone : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;
    private readonly TcpClient _control = new();
    private readonly StringBuilder _output = new();
    private NetworkStream? _stream;
    private int _token;

    private BaresipPhone(string directory, Process process)
    {
        _directory = directory;
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<BaresipPhone> StartAsync(string user, string password, int gatewayPort, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("baresip-gw-").FullName;
        var sipPort = SippRunner.FreePort();
        var controlPort = FreeTcpPort();
        var tone = Path.Combine(directory, "tone.wav");
        WriteTone(tone, TimeSpan.FromSeconds(60));
        File.WriteAllText(Path.Combine(directory, "config"), string.Join('\n',
            $"sip_listen 127.0.0.1:{sipPort}",
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:53",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module alsa.so",
            "module menu.so",
            "module ctrl_tcp.so",
            "module_tmp uuid.so",
            "module_tmp account.so",
            $"ctrl_tcp_listen 127.0.0.1:{controlPort}",
            $"audio_source aufile,{tone}",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            ""));
        File.WriteAllText(Path.Combine(directory, "accounts"),
            $"<sip:{user}@127.0.0.1:{gatewayPort};transport=udp>;auth_pass={password};regint=600;answermode=auto;audio_codecs=PCMA,PCMU\n");
        var start = new ProcessStartInfo("baresip", ["-f", directory, "-t", "90"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start");
        var phone = new BaresipPhone(directory, process);
        process.OutputDataReceived += (_, e) => phone.Append(e.Data);
        process.ErrorDataReceived += (_, e) => phone.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await phone.ConnectControlAsync(controlPort, cancellationToken);
        return phone;
    }

    /// <summary>Sends a ctrl_tcp command ("dial", "hangup", …).</summary>
    public async Task CommandAsync(string command, string parameters, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new { command, @params = parameters, token = (++_token).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var payload = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(json)}:{json},");
        await _stream!.WriteAsync(payload, cancellationToken);
    }

    /// <summary>
    /// Reads events until one of <paramref name="eventType"/> (e.g. CALL_ESTABLISHED) arrives for a peer URI starting
    /// with <paramref name="peerUriPrefix"/> (events of earlier calls are still queued on the connection).
    /// </summary>
    public async Task WaitForEventAsync(string eventType, string peerUriPrefix, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var message = JsonDocument.Parse(await ReadNetstringAsync(cancellationToken));
            var root = message.RootElement;
            if (root.TryGetProperty("type", out var type) && type.GetString() == eventType
                && root.TryGetProperty("peeruri", out var peer) && peer.GetString()?.StartsWith(peerUriPrefix, StringComparison.Ordinal) == true) return;
        }
    }

    private async Task<string> ReadNetstringAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var one = new byte[1];
        while (true)
        {
            await _stream!.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == (byte)':') break;
            length = length * 10 + (one[0] - '0');
        }
        var body = new byte[length + 1];
        await _stream.ReadExactlyAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body, 0, length);
    }

    private async Task ConnectControlAsync(int port, CancellationToken cancellationToken)
    {
        // ctrl_tcp listens once baresip has loaded its modules; the process exiting first means a bad config.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _control.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                _stream = _control.GetStream();
                return;
            }
            catch (SocketException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(50, cancellationToken); // polling a port that is not open yet: nothing to await
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static void WriteTone(string path, TimeSpan length)
    {
        // 8 kHz mono 16-bit PCM, 400 Hz: baresip's aufile needs the WAV to match ausrc_srate and outlast the call.
        const int rate = 8000;
        var samples = (int)(rate * length.TotalSeconds);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + samples * 2);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++) writer.Write((short)(8000 * Math.Sin(2 * Math.PI * 400 * i / rate)));
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // baresip may still be flushing its uuid file; a leftover temp dir is harmless.
        }
    }
}
