using Gateway.Core.Serial;
using Gateway.IntegrationTests.Support;

namespace Gateway.IntegrationTests.Serial;

/// <summary>System.IO.Ports on a real pty made by socat, talking to the echo-modem simulator.</summary>
public sealed class PtySerialLinkTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Echo_command_goes_through_a_socat_pty_opened_with_System_IO_Ports()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { PtyPath = "ttySIM" }, _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"serial://{simulator.Host.PtyPath}?baud=115200&parity=none&databits=8&stopbits=1");
        await link.OpenAsync(_safetyNet.Token);

        var reply = await LinkDialog.CommandAsync(link, "AT+ECHO=hello", _safetyNet.Token);

        Assert.Equal(SerialLinkState.Open, link.State);
        Assert.Contains("\r\n+ECHO: hello\r\n\r\nOK\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Driving_rts_on_a_pty_fails_with_a_clear_message()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { PtyPath = "ttySIM" }, _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"serial://{simulator.Host.PtyPath}");
        await link.OpenAsync(_safetyNet.Token);

        var error = await Assert.ThrowsAsync<IOException>(() => link.SetControlLinesAsync(rts: true, dtr: null, _safetyNet.Token).AsTask());

        Assert.Contains("a pty has no modem-control lines", error.Message, StringComparison.Ordinal);
    }
}
