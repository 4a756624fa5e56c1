using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Sip;

/// <summary>Runs SIPp bounded (-nostdin, -timeout, a hard kill after 90 s) in a temp directory of its own.</summary>
internal static class SippRunner
{
    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Sip", "Scenarios", name);

    public static int FreePort(SocketType type = SocketType.Dgram)
    {
        // A port free for both UDP and TCP, so -t t1 and -t u1 runs can use the same number.
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    /// <summary>
    /// A base for SIPp's -mp: SIPp binds four UDP ports from it (audio RTP/RTCP, video RTP/RTCP). Taken from
    /// 30000–32767, below the kernel's ephemeral range and outside every test gateway's RTP range, and checked free
    /// all four: an ephemeral port could have its +2 inside a gateway's RTP range running beside it (CI saw SIPp exit
    /// with "Unable to bind video RTP socket … errno 98").
    /// </summary>
    public static int FreeMediaPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            int port = 30000 + (2 * Random.Shared.Next(1380));   // even, 30000–32758, so port + 3 ≤ 32761
            var sockets = new List<Socket>();
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, port + i));
                }

                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
            finally
            {
                foreach (var socket in sockets) socket.Dispose();
            }
        }
    }

    public sealed record Result(int ExitCode, string Output, string WorkDirectory)
    {
        public string Describe() => $"sipp exit {ExitCode}\n{Output}\n{ErrorLog()}";

        private string ErrorLog()
        {
            var logs = Directory.GetFiles(WorkDirectory, "*errors.log");
            return logs.Length == 0 ? "" : string.Join("\n", logs.Select(f => string.Join("\n", File.ReadLines(f).Take(40))));
        }
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var workDirectory = Directory.CreateTempSubdirectory("sipp-gw-").FullName;
        var start = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout + await stderr;
        return new Result(process.ExitCode, output.Length > 4000 ? output[^4000..] : output, workDirectory);
    }

    /// <summary>Common bounds for every run: no terminal, overall timeout, errors traced, statistics to stdout at the end.</summary>
    public static IEnumerable<string> Bounded(int calls) => ["-nostdin", "-m", calls.ToString(), "-timeout", "60s", "-trace_err", "-i", "127.0.0.1"];
}
