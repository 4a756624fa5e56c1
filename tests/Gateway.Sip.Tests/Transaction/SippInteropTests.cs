using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
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

    [Fact]
    public async Task Our_invite_and_bye_client_transactions_complete_a_call_with_the_sipp_uas()
    {
        await using var transport = new SipUdpTransport(new IPEndPoint(IPAddress.Loopback, 0));
        using var layer = new SipTransactionLayer();
        layer.Attach(transport);
        await transport.StartAsync();
        var sippPort = FreeUdpPort();
        var sipp = RunSippAsync("-sn", "uas", "-i", "127.0.0.1", "-p", sippPort.ToString(), "-m", "1", "-timeout", "30s", "-nostdin", "-trace_err");
        var peer = new IPEndPoint(IPAddress.Loopback, sippPort);

        // INVITE: SIPp may still be starting; timer A retransmissions cover that.
        var invite = Request("INVITE", peer, transport, 1, toTag: null);
        var answered = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provisional = 0;
        layer.SendRequest(invite, transport, peer, (_, r) =>
        {
            if (r.IsProvisional) Interlocked.Increment(ref provisional);
            else answered.TrySetResult(r);
        });
        var ok = await answered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(200, ok.StatusCode);
        Assert.True(provisional >= 1);

        // The ACK for a 2xx is end to end: a new branch, sent by the TU without a transaction.
        await transport.SendAsync(Request("ACK", peer, transport, 1, ok.To!.Tag), peer);
        var byeDone = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        layer.SendRequest(Request("BYE", peer, transport, 2, ok.To!.Tag), transport, peer, (_, r) => { if (!r.IsProvisional) byeDone.TrySetResult(r.StatusCode); });
        Assert.Equal(200, await byeDone.Task.WaitAsync(TimeSpan.FromSeconds(20)));

        var (exitCode, output) = await sipp;
        Assert.True(exitCode == 0, $"sipp exit {exitCode}: {output}");
    }

    private static readonly string CallId = Guid.NewGuid().ToString("N");

    private static SipRequest Request(string method, IPEndPoint peer, ISipTransport transport, int cseq, string? toTag)
    {
        var request = new SipRequest(method, SipUri.Sip("service", "127.0.0.1", peer.Port));
        request.Headers.Add(SipHeaderId.Via, $"SIP/2.0/UDP 127.0.0.1:{transport.LocalEndPoint.Port};branch={SipBranch.New()}");
        request.Headers.Add(SipHeaderId.MaxForwards, "70");
        request.Headers.Add(SipHeaderId.From, "<sip:110@127.0.0.1>;tag=gw");
        request.Headers.Add(SipHeaderId.To, "<sip:service@127.0.0.1>" + (toTag is null ? "" : ";tag=" + toTag));
        request.Headers.Add(SipHeaderId.CallId, CallId);
        request.Headers.Add(SipHeaderId.CSeq, $"{cseq} {method}");
        request.Headers.Add(SipHeaderId.Contact, $"<sip:110@127.0.0.1:{transport.LocalEndPoint.Port}>");
        if (method == "INVITE")
        {
            request.SetBody(System.Text.Encoding.ASCII.GetBytes(
                "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n"), "application/sdp");
        }
        else
        {
            request.SetBody(ReadOnlyMemory<byte>.Empty);
        }
        return request;
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
