using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Sip.Support;
using Gateway.Sip.Tests.Conformance;
using Gateway.Sip.Transport;

namespace Gateway.IntegrationTests.Sip;

/// <summary>
/// Seeded mutations of valid requests plus the RFC 4475 invalid set, over UDP and TCP, against the running gateway:
/// nothing crashes or logs an error, malformed requests get 400 (505 for a bad version) or nothing, and a normal
/// SIPp call still completes afterwards.
/// </summary>
public sealed partial class SipFuzzTests
{
    private const int UdpMessages = 2000;
    private const int TcpMessages = 1000;
    private const int TcpBatch = 20;

    private enum Expectation
    {
        /// <summary>Anything but a server error (the mutation may or may not have kept the request valid).</summary>
        NoServerError,
        /// <summary>Malformed with Via and Call-ID intact: 400 or silence.</summary>
        BadRequestOrDrop,
    }

    private sealed record Outcome(int Status, string CallId);

    private readonly ConcurrentQueue<Outcome> _responses = new();
    private readonly ConcurrentDictionary<string, Expectation> _expected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _sent = new(StringComparer.Ordinal);

    [Fact]
    public async Task Mutated_and_rfc4475_invalid_messages_over_udp_and_tcp_leave_the_gateway_answering()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var errors = new ErrorLogSink("Gateway.Sip", "Gateway.Host.Sip");
            // The catch-all route points at a port nobody answers, so mutated INVITEs that survive just time out.
            await using var gateway = await SipGatewayFixture.StartAsync(SippRunner.FreePort(), 56000, safetyNet.Token, logSink: errors);
            var udpTarget = new IPEndPoint(IPAddress.Loopback, gateway.Port(SipTransportProtocol.Udp));
            var tcpTarget = new IPEndPoint(IPAddress.Loopback, gateway.Port(SipTransportProtocol.Tcp));

            await FuzzUdpAsync(udpTarget, new Random(4475), safetyNet.Token);
            await FuzzTcpAsync(tcpTarget, new Random(3261), safetyNet.Token);
            await SendRfc4475InvalidSetAsync(udpTarget, tcpTarget, safetyNet.Token);

            // Still a working gateway: a normal call over UDP and over TCP.
            foreach (var transport in new[] { "u1", "t1" })
            {
                var protocol = transport == "t1" ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp;
                var call = await SippRunner.RunAsync([.. SippRunner.Bounded(1), "-t", transport, "-sf", SippRunner.Scenario("trunk-call-uac.xml"), "-s", "110",
                    "-p", SippRunner.FreePort().ToString(), "-mp", SippRunner.FreeMediaPort().ToString(), $"127.0.0.1:{gateway.Port(protocol)}"], safetyNet.Token);
                Assert.True(call.ExitCode == 0, $"call over {transport} after fuzzing: " + call.Describe());
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var outcomes = _responses.ToArray();
            Assert.True(errors.Entries.Count == 0, string.Join("\n", errors.Entries.Take(5)));
            Assert.True(unobserved.IsEmpty, string.Join("\n", unobserved.Take(3)));
            Assert.DoesNotContain(outcomes, o => o.Status == 500);
            var violations = outcomes.Where(o => _expected.TryGetValue(o.CallId, out var e) && e == Expectation.BadRequestOrDrop && o.Status is not (400 or 505))
                .Select(o => $"{o.CallId}: {o.Status} for\n{_sent.GetValueOrDefault(o.CallId)}").ToList();
            Assert.True(violations.Count == 0, string.Join("\n", violations.Take(10)));
            // Not vacuous: the gateway did answer a good share, with 400s among them and some requests still valid.
            Assert.True(outcomes.Count(o => o.Status == 400) > 100, $"{outcomes.Count(o => o.Status == 400)} × 400 of {outcomes.Length}");
            Assert.Contains(outcomes, o => o.Status is 200 or 481);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    private async Task FuzzUdpAsync(IPEndPoint target, Random random, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadDatagramsAsync(socket, stopReading.Token);
        for (var i = 0; i < UdpMessages; i++)
        {
            var message = NextMessage($"u{i}", "UDP", local, target, random, maxHugeValue: 8_000);
            await socket.SendToAsync(message, SocketFlags.None, target, cancellationToken);
            if (i % 50 == 49) await Task.Yield();
        }
        await DrainAsync(socket, reading, stopReading);
    }

    private async Task FuzzTcpAsync(IPEndPoint target, Random random, CancellationToken cancellationToken)
    {
        var batches = Enumerable.Range(0, TcpMessages / TcpBatch).Select(b =>
        {
            // Messages are made up front so the seeded sequence does not depend on scheduling.
            return Enumerable.Range(0, TcpBatch).Select(i => NextMessage($"t{b}x{i}", "TCP", new IPEndPoint(IPAddress.Loopback, 9), target, random, maxHugeValue: 70_000)).ToArray();
        }).ToArray();
        foreach (var group in batches.Chunk(5))
        {
            await Task.WhenAll(group.Select(batch => SendOverTcpAsync(target, batch, cancellationToken)));
        }
    }

    private async Task SendOverTcpAsync(IPEndPoint target, byte[][] messages, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(target, cancellationToken);
        var stream = client.GetStream();
        var received = new StringBuilder();
        var reading = ReadStreamAsync(stream, received, cancellationToken);
        foreach (var message in messages)
        {
            try
            {
                await stream.WriteAsync(message, cancellationToken);
            }
            catch (IOException)
            {
                break; // the gateway closed a connection whose framing we broke: allowed
            }
        }
        client.Client.Shutdown(SocketShutdown.Send);
        await reading;
        Collect(received.ToString());
    }

    private static async Task ReadStreamAsync(NetworkStream stream, StringBuilder into, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(TimeSpan.FromMilliseconds(1500));
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, idle.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return; // idle (bounded collection window) or reset by the gateway
            }
            if (read == 0) return;
            into.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    private async Task ReadDatagramsAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                Collect(Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>Reads until the gateway has been silent for a moment (bounded by the safety net).</summary>
    private async Task DrainAsync(Socket socket, Task reading, CancellationTokenSource stopReading)
    {
        var seen = -1;
        while (seen != _responses.Count)
        {
            seen = _responses.Count;
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(1500))); // a collection window, not a wait for an event
        }
        await stopReading.CancelAsync();
        await reading;
        socket.Close();
    }

    private void Collect(string text)
    {
        foreach (Match response in ResponsePattern().Matches(text))
        {
            _responses.Enqueue(new Outcome(int.Parse(response.Groups[1].Value), response.Groups[2].Value.Trim()));
        }
    }

    private async Task SendRfc4475InvalidSetAsync(IPEndPoint udpTarget, IPEndPoint tcpTarget, CancellationToken cancellationToken)
    {
        var directory = ConformanceDirectory.Rfc4475;
        var invalid = File.ReadLines(Path.Combine(directory, "EXPECTED.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Where(f => f.Length > 2 && f[2] == "invalid").Select(f => f[0]).ToArray();
        Assert.Equal(19, invalid.Length);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadDatagramsAsync(socket, stopReading.Token);
        var overTcp = new List<Task>();
        foreach (var name in invalid)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, name + ".dat"), cancellationToken);
            var text = Encoding.Latin1.GetString(bytes);
            // baddate may be accepted with its Date ignored (RFC 4475 §3.1.2.12); the others are 400/505 or silence.
            if (CallIdPattern().Match(text) is { Success: true } callId && name != "baddate") _expected[callId.Groups[1].Value.Trim()] = Expectation.BadRequestOrDrop;
            // Over UDP the answer follows the Via: point its sent-by at our socket.
            var towardUs = Encoding.Latin1.GetBytes(ViaSentByPattern().Replace(text, $"SIP/2.0/UDP {local}", 1));
            await socket.SendToAsync(towardUs, SocketFlags.None, udpTarget, cancellationToken);
            overTcp.Add(SendOverTcpAsync(tcpTarget, [bytes], cancellationToken));
        }
        await Task.WhenAll(overTcp);
        await DrainAsync(socket, reading, stopReading);
    }

    private byte[] NextMessage(string id, string transport, IPEndPoint local, IPEndPoint target, Random random, int maxHugeValue)
    {
        var callId = $"fz-{id}@fuzz";
        var lines = Template(random.Next(4), callId, transport, local, target);
        var expectation = Expectation.NoServerError;
        switch (random.Next(6))
        {
            case 0:
            case 1:
                return ByteMutations(Join(lines), random);
            case 2:
                var cut = Join(lines);
                return cut[..random.Next(1, cut.Length)];
            case 3:
                // A second value in a single-value header (RFC 4475 §3.3.8).
                var single = new[] { "From: <sip:other@192.0.2.9>;tag=zz", "To: <sip:other@192.0.2.9>", "CSeq: 7 OPTIONS", "Max-Forwards: 12" }[random.Next(4)];
                lines.Insert(random.Next(2, lines.Count - 1), single);
                expectation = Expectation.BadRequestOrDrop;
                break;
            case 4:
                expectation = HugeValue(lines, random, maxHugeValue);
                break;
            default:
                expectation = CrlfGame(lines, random);
                break;
        }
        _expected[callId] = expectation;
        var bytes = Join(lines);
        _sent[callId] = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 600));
        return bytes;
    }

    private static Expectation HugeValue(List<string> lines, Random random, int maxHugeValue)
    {
        switch (random.Next(4))
        {
            case 0:
                Replace(lines, "CSeq:", l => "CSeq: 99999999999999999999999 " + l.Split(' ')[^1]);
                return Expectation.BadRequestOrDrop;
            case 1:
                Replace(lines, "Max-Forwards:", _ => "Max-Forwards: 4294967296000");
                return Expectation.BadRequestOrDrop;
            case 2:
                Replace(lines, "Content-Length:", _ => "Content-Length: 9999999999999999999");
                return Expectation.BadRequestOrDrop;
            default:
                lines.Insert(3, "Subject: " + new string('A', random.Next(1000, maxHugeValue)));
                return Expectation.NoServerError;
        }
    }

    private static Expectation CrlfGame(List<string> lines, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                // An empty line right after Call-ID ends the header block before From/To/CSeq: 400 (or dropped).
                lines.Insert(lines.FindIndex(l => l.StartsWith("Call-ID:", StringComparison.Ordinal)) + 1, "");
                return Expectation.BadRequestOrDrop;
            case 1:
                lines.Insert(0, "");
                lines.Insert(0, ""); // keep-alive CRLFs before the request
                return Expectation.NoServerError;
            case 2:
                var at = random.Next(2, lines.Count - 1);
                lines[at] = lines[at] + "\r" + lines[at]; // a bare CR inside a line
                return Expectation.NoServerError;
            default:
                var folded = random.Next(2, lines.Count - 1);
                lines[folded] = lines[folded] + "\r\n \r\n\t"; // folding with empty continuation lines
                return Expectation.NoServerError;
        }
    }

    private static void Replace(List<string> lines, string prefix, Func<string, string> with)
    {
        var index = lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (index >= 0) lines[index] = with(lines[index]);
    }

    private static byte[] ByteMutations(byte[] message, Random random)
    {
        var bytes = new List<byte>(message);
        for (var m = random.Next(1, 6); m > 0 && bytes.Count > 1; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, "\r\n :;,<>\"\\%@\0"u8[random.Next(13)]); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at)); break;
                default: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 80), bytes.Count - at))); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Valid requests that never set up a call: OPTIONS (200), and BYE / INFO / re-INVITE for no dialog (481).</summary>
    private static List<string> Template(int kind, string callId, string transport, IPEndPoint local, IPEndPoint target)
    {
        var (method, toTag, body) = kind switch
        {
            0 => ("OPTIONS", "", ""),
            1 => ("BYE", ";tag=gone", ""),
            2 => ("INFO", ";tag=gone", "Signal=5\r\nDuration=160\r\n"),
            _ => ("INVITE", ";tag=gone", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n"),
        };
        var lines = new List<string>
        {
            $"{method} sip:110@{target} SIP/2.0",
            $"Via: SIP/2.0/{transport} {local};branch=z9hG4bK-{callId.GetHashCode():x8};rport",
            $"Call-ID: {callId}",
            "Max-Forwards: 70",
            $"From: \"Fuzz\" <sip:fuzz@{local}>;tag=f{callId.Length}",
            $"To: <sip:110@{target}>{toTag}",
            $"CSeq: 1 {method}",
            $"Contact: <sip:fuzz@{local}>",
        };
        if (body.Length > 0) lines.Add(method == "INFO" ? "Content-Type: application/dtmf-relay" : "Content-Type: application/sdp");
        lines.Add($"Content-Length: {body.Length}");
        lines.Add("");
        lines.Add(body);
        return lines;
    }

    private static byte[] Join(List<string> lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    [GeneratedRegex(@"SIP/2\.0 (\d{3})[^\r\n]*\r\n(?:(?!\r\n\r\n).)*?(?:Call-ID|i):([^\r\n]*)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ResponsePattern();

    [GeneratedRegex(@"^(?:Call-ID|i)\s*:\s*([^\r\n]*)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdPattern();

    [GeneratedRegex(@"SIP/2\.0/UDP\s+[^;\s]+")]
    private static partial Regex ViaSentByPattern();
}
