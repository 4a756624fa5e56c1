using Gateway.Core.Serial;
using Gateway.Radio.Conventional;
using Gateway.Radio.Floor;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Hosting;
using Gateway.Simulators.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.Radio;

/// <summary>A conventional radio's PTT and squelch over RFC 2217 control lines, against the radio simulator's port.</summary>
public sealed class ConventionalRadioOverRfc2217Tests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    [Theory]
    [InlineData(PttLine.Rts, false, CosLine.Cts, false)]
    [InlineData(PttLine.Dtr, true, CosLine.Dcd, false)]
    [InlineData(PttLine.Rts, false, CosLine.Dsr, true)]
    public async Task Ptt_drives_the_configured_line_and_cos_follows_the_configured_input(PttLine ptt, bool pttInverted, CosLine cos, bool cosInverted)
    {
        await using var simulator = new RadioNetworkHost(1, new RadioNetworkOptions(), new SimulatorHostOptions { Rfc2217Port = 0 });
        await simulator.StartAsync(Timeout);
        var host = simulator.Terminals[0];
        await using var link = new SerialLinkFactory().Create($"rfc2217://127.0.0.1:{host.Rfc2217Port}?baud=9600");
        await link.OpenAsync(Timeout);
        var options = new ConventionalRadioOptions
        {
            Name = "conv-1",
            PttLine = ptt,
            PttInverted = pttInverted,
            CosLine = cos,
            CosInverted = cosInverted,
            TxDelay = TimeSpan.Zero,
        };
        await using var radio = new ConventionalRadio(link, options, TimeProvider.System, NullLogger<ConventionalRadio>.Instance);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        radio.CarrierChanged += open => (open ? opened : closed).TrySetResult();
        bool PttLevel(SimulatedControlLines lines) => ptt == PttLine.Rts ? lines.Rts : lines.Dtr;

        Assert.True(await radio.KeyAsync(FloorPriority.Normal, Timeout));
        await host.Lines.WaitUntilAsync(l => PttLevel(l) == !pttInverted, Timeout);
        await radio.UnkeyAsync(Timeout);
        await host.Lines.WaitUntilAsync(l => PttLevel(l) == pttInverted, Timeout);

        // Squelch closed first (an inverted input idles high), then open: the configured input goes active.
        SetCos(host, cos, active: false, cosInverted);
        if (radio.IsCarrierDetected)
        {
            await closed.Task.WaitAsync(Timeout);
        }

        Assert.False(radio.IsCarrierDetected);
        SetCos(host, cos, active: true, cosInverted);

        await opened.Task.WaitAsync(Timeout);
        Assert.True(radio.IsCarrierDetected);
        Assert.False(radio.IsKeyed);
    }

    private static void SetCos(SimulatorHost host, CosLine cos, bool active, bool inverted)
    {
        var level = active != inverted;
        host.Lines.SetInputs(new SimulatedInputs(
            Cts: cos == CosLine.Cts && level,
            Dsr: cos == CosLine.Dsr && level,
            Dcd: cos == CosLine.Dcd && level,
            Ri: false));
    }
}
