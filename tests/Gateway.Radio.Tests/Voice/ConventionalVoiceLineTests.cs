using Gateway.Core.Serial;
using Gateway.Radio.Conventional;
using Gateway.Radio.Floor;
using Gateway.Radio.Tests.Conventional;
using Gateway.Radio.Voice;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Voice;

/// <summary>Voice orders through a conventional radio: PTT on RTS, squelch on CTS, in fake time.</summary>
public sealed class ConventionalVoiceLineTests
{
    private static readonly TimeSpan TxTimeout = TimeSpan.FromSeconds(20);
    private readonly FakeSerialLink _link = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RadioVoiceOrders _orders;

    public ConventionalVoiceLineTests()
    {
        var radio = new ConventionalRadio(_link, new ConventionalRadioOptions { Name = "fm-1", TxDelay = TimeSpan.Zero, TxTimeout = TxTimeout },
            _time, NullLogger<ConventionalRadio>.Instance);
        _orders = new RadioVoiceOrders(new FloorControlOptions(), _time, NullLoggerFactory.Instance);
        _orders.AddLine(new ConventionalVoiceLine(radio));
    }

    [Fact]
    public async Task Voice_keys_rts_and_hang_up_drops_it()
    {
        var order = await _orders.StartAsync("fm-1", null, FloorPriority.Normal, CancellationToken.None);
        await order.OnVoiceStartAsync();
        Assert.True(_link.Rts);
        Assert.True(order.OnAir);

        await order.EndAsync("dispatcher hung up");

        Assert.False(_link.Rts);
        Assert.False(order.OnAir);
    }

    [Fact]
    public async Task Open_squelch_at_the_start_blocks_normal_keying_but_not_emergency()
    {
        _link.SetInputs(ModemInputLines.Cts);
        var normal = await _orders.StartAsync("fm-1", null, FloorPriority.Normal, CancellationToken.None);
        Assert.True(normal.Floor.RadioReceiving);
        Assert.False(await normal.KeyAsync());
        Assert.Null(_link.Rts);

        var emergency = await _orders.StartAsync("fm-1", null, FloorPriority.Emergency, CancellationToken.None);
        Assert.True(await emergency.KeyAsync());

        Assert.True(_link.Rts);
        Assert.Equal(RadioVoiceSessionState.Ended, normal.State);
    }

    [Fact]
    public async Task The_tx_timeout_drops_rts_and_the_order_knows()
    {
        var order = await _orders.StartAsync("fm-1", null, FloorPriority.Normal, CancellationToken.None);
        Assert.True(await order.KeyAsync());
        var cut = new TaskCompletionSource<FloorDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        order.Decided += (_, decision) => cut.TrySetResult(decision);

        _time.Advance(TxTimeout);

        Assert.Equal("transmitter TX timeout", (await cut.Task.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
        Assert.False(_link.Rts);
        Assert.False(order.Floor.IsKeyed);
    }

    [Fact]
    public async Task A_conventional_order_cannot_name_a_talkgroup()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _orders.StartAsync("fm-1", "9001", FloorPriority.Normal, CancellationToken.None));
        Assert.Null(_orders.ActiveOn("fm-1"));
    }
}
