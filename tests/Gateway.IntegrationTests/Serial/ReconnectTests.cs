using Gateway.Core.Serial;
using Gateway.Core.Serial.Resilience;
using Gateway.IntegrationTests.Support;

namespace Gateway.IntegrationTests.Serial;

/// <summary>The simulator goes away in the middle of a command; the reconnecting link reports the loss and comes back.</summary>
public sealed class ReconnectTests : IDisposable
{
    private static readonly ReconnectOptions QuickBackoff = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(400),
        UseJitter = false,
    };

    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(45));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Tcp_link_comes_back_after_the_device_closes_its_port_mid_command()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(
            o => o with { TcpPort = 0, Faults = new() { CloseAfterCommands = 2, ReopenAfter = TimeSpan.FromSeconds(1) } },
            Timeout);
        var address = SerialLinkAddress.Parse($"tcp://127.0.0.1:{simulator.Host.TcpPort}");
        await using var link = new SerialLinkFactory().CreateReconnecting(address, QuickBackoff);
        await link.OpenAsync(Timeout);
        await LinkDialog.CommandAsync(link, "AT+ECHO=one", Timeout);
        var lost = LinkDialog.WaitForStateAsync(link, SerialLinkState.Faulted, Timeout);

        // The second command makes the device close every port before answering.
        await Assert.ThrowsAsync<SerialLinkLostException>(() => LinkDialog.CommandAsync(link, "AT+ECHO=two", Timeout));
        await lost;
        await LinkDialog.WaitForStateAsync(link, SerialLinkState.Open, Timeout);
        var reply = await LinkDialog.CommandAsync(link, "AT+ECHO=three", Timeout);

        Assert.Contains("+ECHO: three\r\n\r\nOK\r\n", reply, StringComparison.Ordinal);
        Assert.Equal(1, link.Health.Reconnects);
        Assert.True(link.Health.FailedAttempts == 0 && link.Health.State == SerialLinkState.Open);
    }

    [Fact]
    public async Task Rfc2217_link_comes_back_after_the_server_stops_and_restores_rts_and_dtr()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { Rfc2217Port = 0 }, Timeout);
        var host = simulator.Host;
        var address = SerialLinkAddress.Parse($"rfc2217://127.0.0.1:{host.Rfc2217Port}?baud=19200");
        await using var link = new SerialLinkFactory().CreateReconnecting(address, QuickBackoff);
        await link.OpenAsync(Timeout);
        await link.SetControlLinesAsync(rts: true, dtr: true, Timeout);
        await host.Lines.WaitUntilAsync(l => l.Rts && l.Dtr, Timeout);
        var lost = LinkDialog.WaitForStateAsync(link, SerialLinkState.Faulted, Timeout);

        // A slow command is pending when the server goes away. Its echo proves the device has it
        // and that a read is in progress before the stop (otherwise the read would only start after
        // the loss and, on a reconnecting link, wait for the link to come back instead of failing).
        await link.WriteAsync("AT+SLOW=10000\r"u8.ToArray(), Timeout);
        await LinkDialog.ReadUntilAsync(link, "AT+SLOW=10000", Timeout);
        var pending = LinkDialog.ReadUntilAsync(link, "OK\r\n", Timeout);
        await host.StopAsync();
        await Assert.ThrowsAsync<SerialLinkLostException>(() => pending);
        await lost;
        host.Lines.SetOutputs(rts: false, dtr: false);
        var reopened = LinkDialog.WaitForStateAsync(link, SerialLinkState.Open, Timeout);
        await host.StartAsync(Timeout);
        await reopened;

        await host.Lines.WaitUntilAsync(l => l.Rts && l.Dtr, Timeout);
        var reply = await LinkDialog.CommandAsync(link, "AT+LINES?", Timeout);
        Assert.Contains("+LINES: RTS=1,DTR=1", reply, StringComparison.Ordinal);
        Assert.Equal(1, link.Health.Reconnects);
    }

    [Fact]
    public async Task Pty_link_comes_back_after_the_device_closes_and_reopens_its_pty()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(
            o => o with { PtyPath = "ttySIM", Faults = new() { CloseAfterCommands = 2, ReopenAfter = TimeSpan.FromSeconds(1) } },
            Timeout);
        var address = SerialLinkAddress.Parse($"serial://{simulator.Host.PtyPath}");
        await using var link = new SerialLinkFactory().CreateReconnecting(address, QuickBackoff);
        await link.OpenAsync(Timeout);
        await LinkDialog.CommandAsync(link, "AT+ECHO=one", Timeout);

        await Assert.ThrowsAsync<SerialLinkLostException>(() => LinkDialog.CommandAsync(link, "AT+ECHO=two", Timeout));
        await LinkDialog.WaitForStateAsync(link, SerialLinkState.Open, Timeout);
        var reply = await LinkDialog.CommandAsync(link, "AT+ECHO=three", Timeout);

        Assert.Contains("+ECHO: three\r\n\r\nOK\r\n", reply, StringComparison.Ordinal);
        Assert.Equal(1, link.Health.Reconnects);
    }
}
