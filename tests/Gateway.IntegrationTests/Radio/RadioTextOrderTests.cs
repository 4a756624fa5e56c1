using System.Text.Json;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Gateway.Simulators.Devices.Radio;
using Gateway.Simulators.Faults;

namespace Gateway.IntegrationTests.Radio;

/// <summary>Text orders from the PEI driver through real links (pty via System.IO.Ports, TCP) to simulated field units.</summary>
public sealed class RadioTextOrderTests : IDisposable
{
    private const string ChineseOrder = "火灾：XX路12号，请立即到场";
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chinese_text_order_reaches_the_unit_intact_with_matching_report_and_on_scene_status(bool overPty)
    {
        await using var h = await RadioGatewayHarness.StartAsync(overPty, faults: null, Timeout);
        var onScene = new TaskCompletionSource<PeiStatusEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = new List<SdsDeliveryEvent>();
        h.Terminal.Terminal.StatusReceived += e => onScene.TrySetResult(e);
        h.Terminal.Terminal.TextDeliveryReported += e => { lock (reports) { reports.Add(e); } };
        await h.Terminal.StartAsync(Timeout);

        var result = await h.Terminal.SendTextAsync("order-1", "2001", ChineseOrder, Timeout);
        var status = await onScene.Task.WaitAsync(Timeout);

        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        var order = Assert.Single(h.ReadOrdersLog());
        using var json = JsonDocument.Parse(order);
        Assert.Equal(ChineseOrder, json.RootElement.GetProperty("text").GetString());
        Assert.Equal(2001, json.RootElement.GetProperty("unit").GetInt32());
        Assert.Equal(26, json.RootElement.GetProperty("coding").GetInt32());
        Assert.Equal(result.References[0], json.RootElement.GetProperty("messageReference").GetInt32());
        lock (reports)
        {
            Assert.Contains(reports, r => r.MessageReference == result.References[0] && r.Destination == "2001");
        }

        Assert.Equal("2001", status.Source);
        Assert.Equal(OrderStatusState.OnScene, status.State);
    }

    [Fact]
    public async Task Port_vanishing_mid_sds_reconnects_reruns_start_up_and_the_unit_gets_the_order_exactly_once()
    {
        // Start-up is 8 commands, then AT+CTSDS (9th) and AT+CMGS (10th): the port closes on the 10th.
        var faults = new FaultOptions { CloseAfterCommands = 10, ReopenAfter = TimeSpan.FromMilliseconds(500) };
        await using var h = await RadioGatewayHarness.StartAsync(overPty: false, faults, Timeout);
        var onScene = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Terminal.Terminal.StatusReceived += _ => onScene.TrySetResult();
        await h.Terminal.StartAsync(Timeout);

        var result = await h.Terminal.SendTextAsync("order-2", "2001", ChineseOrder, Timeout);
        await onScene.Task.WaitAsync(Timeout);

        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        Assert.Equal(2, h.Terminal.Health.StartUps);
        Assert.Equal(1, h.Link.Health.Reconnects);
        var order = Assert.Single(h.ReadOrdersLog());
        Assert.Contains(ChineseOrder, order, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thousand_lines_of_garbage_on_the_link_do_not_stop_the_next_order()
    {
        await using var h = await RadioGatewayHarness.StartAsync(overPty: false, faults: null, Timeout);
        await h.Terminal.StartAsync(Timeout);
        var random = new Random(1234);
        var garbage = new List<byte>();
        for (var line = 0; line < 1000; line++)
        {
            var length = random.Next(1, 120);
            for (var i = 0; i < length; i++)
            {
                // Any byte but the line ends and XON/XOFF (flow control is honoured by design).
                var value = (byte)random.Next(0, 256);
                garbage.Add(value is 0x0D or 0x0A or 0x11 or 0x13 ? (byte)'#' : value);
            }

            garbage.AddRange("\r\n"u8.ToArray());
        }

        await h.Simulator.Network.SendRawToTerminalAsync(1001, garbage.ToArray());
        var result = await h.Terminal.SendTextAsync("order-3", "2002", "Test order after noise", Timeout);

        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        Assert.True(h.Channel.IsReadLoopActive);
        Assert.Contains("Test order after noise", Assert.Single(h.ReadOrdersLog()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_unit_gets_the_order_but_never_reports()
    {
        await using var h = await RadioGatewayHarness.StartAsync(overPty: false, faults: null, Timeout);
        var reports = new List<SdsDeliveryEvent>();
        h.Terminal.Terminal.TextDeliveryReported += e => { lock (reports) { reports.Add(e); } };
        await h.Terminal.StartAsync(Timeout);
        var silentGotIt = new TaskCompletionSource<ReceivedOrder>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Simulator.Network.OrderReceived += o =>
        {
            if (o.Unit == RadioGatewayHarness.SilentUnit)
            {
                silentGotIt.TrySetResult(o);
            }
        };

        var silentSend = h.Terminal.SendTextAsync("order-4", RadioGatewayHarness.SilentUnit.ToString(System.Globalization.CultureInfo.InvariantCulture), "nobody answers", Timeout);
        var silentOrder = await silentGotIt.Task.WaitAsync(Timeout);
        // A unit that answers, sent after the silent one with the same report delay, reports first.
        var answered = await h.Terminal.SendTextAsync("order-5", "2001", "answer me", Timeout);

        Assert.Equal(SdsSendOutcome.Received, answered.Outcome);
        Assert.False(silentSend.IsCompleted);
        lock (reports)
        {
            Assert.DoesNotContain(reports, r => r.Destination == "2003");
        }

        Assert.Equal("nobody answers", silentOrder.Text);
    }
}
