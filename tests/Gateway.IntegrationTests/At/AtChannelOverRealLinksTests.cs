using System.Text;
using Gateway.Core.At;
using Gateway.Core.Serial;
using Gateway.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.At;

/// <summary>The AT command channel over real links (socat pty through System.IO.Ports, TCP) to the echo-modem simulator.</summary>
public sealed class AtChannelOverRealLinksTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _safetyNet.Dispose();

    public static TheoryData<string> LinkKinds => new() { "pty", "tcp" };

    private async Task<(EchoModemSimulator Simulator, ISerialLink Link)> ConnectAsync(string kind)
    {
        var simulator = kind == "pty"
            ? await EchoModemSimulator.StartAsync(o => o with { PtyPath = "ttyAT" }, _safetyNet.Token)
            : await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        var address = kind == "pty" ? $"serial://{simulator.Host.PtyPath}?baud=115200" : $"tcp://127.0.0.1:{simulator.Host.TcpPort}";
        var link = new SerialLinkFactory().Create(address);
        await link.OpenAsync(_safetyNet.Token);
        return (simulator, link);
    }

    [Theory]
    [MemberData(nameof(LinkKinds))]
    public async Task Command_with_intermediate_line_then_urc_then_prompt_text(string kind)
    {
        var (simulator, link) = await ConnectAsync(kind);
        await using var _ = simulator;
        await using var __ = link;
        await using var at = new AtCommandChannel(link, new AtChannelOptions(), TimeProvider.System, NullLogger<AtCommandChannel>.Instance);
        var urc = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = at.SubscribeUnsolicited("+URC", (in AtUnsolicitedMessage m) => urc.TrySetResult(m.LineText()));
        at.Start();

        var echo = await at.ExecuteAsync(new AtCommand("AT+ECHO=order 42 received") { ResponsePrefix = "+ECHO" }, _safetyNet.Token);
        Assert.Equal(AtResultCode.Ok, echo.Result);
        Assert.Contains(echo.Lines, l => l.StartsWith("+ECHO:", StringComparison.Ordinal));

        var ok = await at.ExecuteAsync(new AtCommand("AT+URC=unit 12 on scene"), _safetyNet.Token);
        Assert.Equal(AtResultCode.Ok, ok.Result);
        Assert.Equal("+URC: unit 12 on scene", await urc.Task.WaitAsync(_safetyNet.Token));

        var sent = await at.ExecuteWithPromptAsync(new AtCommand("AT+CMGS=2001,64") { ResponsePrefix = "+CMGS" }, "0123456789ABCDEF", _safetyNet.Token);
        Assert.Equal(AtResultCode.Ok, sent.Result);
        Assert.Contains(sent.Lines, l => l.StartsWith("+CMGS:", StringComparison.Ordinal));
    }
}
