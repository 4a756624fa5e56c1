using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.MediaLoad;

/// <summary>The gateway as a separate process (Gateway.Host.dll, normally the Release build) on loopback ports of its own.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Process _process;
    private readonly string _dataDirectory;

    private GatewayProcess(Process process, int sipPort, int httpPort, string dataDirectory)
    {
        _process = process;
        SipPort = sipPort;
        HttpPort = httpPort;
        _dataDirectory = dataDirectory;
    }

    public int Pid => _process.Id;

    public int SipPort { get; }

    public int HttpPort { get; }

    /// <summary>Starts the gateway with <paramref name="routes"/> and <c>Gateway:Sip:RtpReceiveModel</c>, and waits until /health answers.</summary>
    public static async Task<GatewayProcess> StartAsync(string hostDll, IReadOnlyList<(string Prefix, string Target)> routes, string receiveModel)
    {
        int sipPort = FreeUdpPort(), httpPort = FreeTcpPort();
        var dataDirectory = Directory.CreateTempSubdirectory("media-load-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            hostDll,
            $"--Gateway:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Gateway:Storage:DataDirectory={dataDirectory}",
            "--Gateway:Sip:Enabled=true",
            "--Gateway:Sip:Listeners:0:Protocol=udp",
            $"--Gateway:Sip:Listeners:0:Address=127.0.0.1:{sipPort}",
            "--Gateway:Sip:RtpPortMin=20000",
            "--Gateway:Sip:RtpPortMax=29999",
            "--Gateway:Sip:Trunks:0:Name=load",
            "--Gateway:Sip:Trunks:0:Sources:0=127.0.0.1", "--Gateway:Sip:Trunks:0:InvitesPerSecond=5000", "--Gateway:Sip:Trunks:0:InviteBurst=5000",
            "--Logging:LogLevel:Default=Warning",
        ];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // "Epoll:2:-10:10" = model, receive threads, nice value, SCHED_FIFO priority (the last three optional).
        var receive = receiveModel.Split(':');
        start.ArgumentList.Add($"--Gateway:Sip:RtpReceiveModel={receive[0]}");
        if (receive.Length > 1) start.ArgumentList.Add($"--Gateway:Sip:RtpReceiveThreads={receive[1]}");
        if (receive.Length > 2) start.ArgumentList.Add($"--Gateway:Sip:RtpReceiveNice={receive[2]}");
        if (receive.Length > 3) start.ArgumentList.Add($"--Gateway:Sip:RtpReceiveRealtimePriority={receive[3]}");
        for (int i = 0; i < routes.Count; i++)
        {
            start.ArgumentList.Add($"--Gateway:Sip:Routes:{i}:Prefix={routes[i].Prefix}");
            start.ArgumentList.Add($"--Gateway:Sip:Routes:{i}:Target={routes[i].Target}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text) Console.Error.WriteLine("gateway: " + text);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, sipPort, httpPort, dataDirectory);
        await gateway.WaitHealthyAsync();
        return gateway;
    }

    /// <summary>A counter from /metrics (Prometheus text), 0 when absent, −1 when the gateway did not answer in time.</summary>
    public async Task<long> ReadCounterAsync(string name)
    {
        string text;
        try
        {
            text = await Http.GetStringAsync($"http://127.0.0.1:{HttpPort}/metrics");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal)) return (long)double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"gateway exited with {_process.ExitCode}");
            try
            {
                using var response = await Http.GetAsync($"http://127.0.0.1:{HttpPort}/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("gateway did not become healthy in 60 s");
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
