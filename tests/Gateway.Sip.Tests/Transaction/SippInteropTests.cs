using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Core;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transaction;

/// <summary>SIPp (a peer we did not write) drives our UDP transport and INVITE server transaction.</summary>
public sealed class SippInteropTests
{
    [Fact]
    public async Task Sipp_caller_gets_100_180_486_and_its_ack_confirms_the_transaction()
    {
        await using var transport = new SipUdpTransport(new IPEndPoint(IPAddress.Loopback, 0));
        using var layer = new SipTransactionLayer();
        layer.Attach(transport);
        var confirmed = new TaskCompletionSource<SipTransactionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        layer.RequestReceived += transaction =>
        {
            var invite = (InviteServerTransaction)transaction;
            invite.AckReceived += (t, _) => confirmed.TrySetResult(t.State);
            invite.SendResponse(SipResponseFactory.Create(invite.Request, 180, "Ringing", "gw1"));
            invite.SendResponse(SipResponseFactory.Create(invite.Request, 486, "Busy Here", "gw1"));
        };
        await transport.StartAsync();

        var scenario = Path.Combine(AppContext.BaseDirectory, "Transaction", "Scenarios", "invite-busy-uac.xml");
        var (exitCode, output) = await RunSippAsync(
            "-sf", scenario, "-i", "127.0.0.1", "-p", FreeUdpPort().ToString(), "-m", "1", "-timeout", "20s", "-nostdin", "-trace_err",
            $"127.0.0.1:{transport.LocalEndPoint.Port}");

        Assert.True(exitCode == 0, $"sipp exit {exitCode}: {output}");
        Assert.Equal(SipTransactionState.Completed, await confirmed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunSippAsync(params string[] arguments)
    {
        var workDir = Directory.CreateTempSubdirectory("sipp-").FullName;
        var start = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var errors = Directory.GetFiles(workDir, "*errors.log").Select(File.ReadAllText);
        var output = await stdout + await stderr + string.Join("\n", errors);
        Directory.Delete(workDir, recursive: true);
        return (process.ExitCode, output[^Math.Min(output.Length, 3000)..]);
    }
}
