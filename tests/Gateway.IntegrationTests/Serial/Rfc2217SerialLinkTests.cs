using Gateway.Core.Serial;
using Gateway.IntegrationTests.Support;
using Gateway.Simulators.Transport;

namespace Gateway.IntegrationTests.Serial;

/// <summary>The RFC 2217 client against the simulator's independent RFC 2217 server: data, settings and control lines both ways.</summary>
public sealed class Rfc2217SerialLinkTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Line_settings_reach_the_server_and_data_flows()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { Rfc2217Port = 0 }, Timeout);
        await using var link = new SerialLinkFactory().Create($"rfc2217://127.0.0.1:{simulator.Host.Rfc2217Port}?baud=9600&databits=7");
        await link.OpenAsync(Timeout);

        var reply = await LinkDialog.CommandAsync(link, "AT+ECHO=hello", Timeout);

        Assert.Contains("+ECHO: hello\r\n\r\nOK\r\n", reply, StringComparison.Ordinal);
        // The settings went out before the command on the same stream, so they have been applied.
        Assert.Equal(9600, simulator.Host.Lines.BaudRate);
        Assert.Equal(7, simulator.Host.Lines.DataBits);
    }

    [Fact]
    public async Task Rts_and_dtr_set_by_the_client_are_seen_by_the_device()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { Rfc2217Port = 0 }, Timeout);
        await using var link = new SerialLinkFactory().Create($"rfc2217://127.0.0.1:{simulator.Host.Rfc2217Port}");
        await link.OpenAsync(Timeout);
        var lines = simulator.Host.Lines;

        await link.SetControlLinesAsync(rts: true, dtr: true, Timeout);
        await lines.WaitUntilAsync(l => l.Rts && l.Dtr, Timeout);
        var bothOn = await LinkDialog.CommandAsync(link, "AT+LINES?", Timeout);

        await link.SetControlLinesAsync(rts: false, dtr: null, Timeout);
        await lines.WaitUntilAsync(l => !l.Rts, Timeout);
        var rtsOff = await LinkDialog.CommandAsync(link, "AT+LINES?", Timeout);

        Assert.Contains("+LINES: RTS=1,DTR=1", bothOn, StringComparison.Ordinal);
        Assert.Contains("+LINES: RTS=0,DTR=1", rtsOff, StringComparison.Ordinal);
        Assert.True(lines.Dtr);
    }

    [Fact]
    public async Task Input_lines_set_by_the_device_raise_change_events_at_the_client()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { Rfc2217Port = 0 }, Timeout);
        await using var link = new SerialLinkFactory().Create($"rfc2217://127.0.0.1:{simulator.Host.Rfc2217Port}");
        var changes = new List<ModemInputLines>();
        var ctsAndDcd = WaitForLinesAsync(link, ModemInputLines.Cts | ModemInputLines.Dcd);
        var dsrAndRi = WaitForLinesAsync(link, ModemInputLines.Dsr | ModemInputLines.Ri);
        link.InputLinesChanged += lines =>
        {
            lock (changes)
            {
                changes.Add(lines);
            }
        };
        await link.OpenAsync(Timeout);
        await LinkDialog.CommandAsync(link, "AT", Timeout);

        // Set from the simulator side (as a test or device model would) ...
        simulator.Host.Lines.SetInputs(new SimulatedInputs(Cts: true, Dsr: false, Dcd: true, Ri: false));
        await ctsAndDcd.WaitAsync(Timeout);
        // ... and by the device model on a command over the link.
        await LinkDialog.CommandAsync(link, "AT+SETLINES=0,1,0,1", Timeout);
        await dsrAndRi.WaitAsync(Timeout);

        Assert.Equal(ModemInputLines.Dsr | ModemInputLines.Ri, link.InputLines);
        lock (changes)
        {
            Assert.Equal([ModemInputLines.Cts | ModemInputLines.Dcd, ModemInputLines.Dsr | ModemInputLines.Ri], changes);
        }
    }

    [Fact]
    public async Task Data_bytes_0xFF_are_escaped_both_ways()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { Rfc2217Port = 0 }, Timeout);
        await using var link = new SerialLinkFactory().Create($"rfc2217://127.0.0.1:{simulator.Host.Rfc2217Port}");
        await link.OpenAsync(Timeout);
        await LinkDialog.CommandAsync(link, "ATE0", Timeout);

        // Latin-1 'ÿ' is byte 0xFF, the telnet IAC.
        var reply = await LinkDialog.CommandAsync(link, "AT+ECHO=\u00ff\u00ffx\u00ff", Timeout);

        Assert.Equal("\r\n+ECHO: \u00ff\u00ffx\u00ff\r\n\r\nOK\r\n", reply);
    }

    private static Task WaitForLinesAsync(ISerialLink link, ModemInputLines expected)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.InputLinesChanged += lines =>
        {
            if (lines == expected)
            {
                reached.TrySetResult();
            }
        };
        return reached.Task;
    }
}
