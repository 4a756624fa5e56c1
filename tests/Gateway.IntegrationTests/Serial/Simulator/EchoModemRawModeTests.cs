using Gateway.Core.Serial;
using Gateway.IntegrationTests.Support;

namespace Gateway.IntegrationTests.Serial.Simulator;

/// <summary>The session's raw data mode, driven through the echo-modem over TCP.</summary>
public sealed class EchoModemRawModeTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Raw_mode_echoes_binary_bytes_until_plus_plus_plus_then_commands_work_again()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"tcp://127.0.0.1:{simulator.Host.TcpPort}");
        await link.OpenAsync(_safetyNet.Token);
        await LinkDialog.CommandAsync(link, "ATE0", _safetyNet.Token);
        await LinkDialog.CommandAsync(link, "AT+RAW", _safetyNet.Token, until: "CONNECT\r\n");

        // CR, NUL and 0xFF would be mangled in command mode; raw mode passes them through.
        await link.WriteAsync(new byte[] { 0x00, 0x0D, 0xFF, 0x1A }, _safetyNet.Token);
        var echoed = await LinkDialog.ReadUntilAsync(link, "\u001A", _safetyNet.Token);
        await link.WriteAsync("+++"u8.ToArray(), _safetyNet.Token);
        await LinkDialog.ReadUntilAsync(link, "OK\r\n", _safetyNet.Token);
        var after = await LinkDialog.CommandAsync(link, "AT+ECHO=back", _safetyNet.Token);

        Assert.Equal("\0\r\u00ff\u001A", echoed);
        Assert.Equal("\r\n+ECHO: back\r\n\r\nOK\r\n", after);
    }
}
