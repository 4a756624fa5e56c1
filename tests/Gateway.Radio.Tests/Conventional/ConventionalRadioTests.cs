using Gateway.Core.Serial;
using Gateway.Radio.Conventional;
using Gateway.Radio.Floor;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Conventional;

public sealed class ConventionalRadioTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);
    private readonly FakeSerialLink _link = new();
    private readonly FakeTimeProvider _time = new();

    private ConventionalRadio NewRadio(ConventionalRadioOptions options) =>
        new(_link, options, _time, NullLogger<ConventionalRadio>.Instance);

    [Fact]
    public async Task Key_drives_rts_and_reports_ready_only_after_the_tx_delay()
    {
        var radio = NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.FromMilliseconds(200) });

        var key = radio.KeyAsync(FloorPriority.Normal, CancellationToken.None);

        Assert.True(_link.Rts);
        Assert.Null(_link.Dtr);
        Assert.True(radio.IsKeyed);
        Assert.False(key.IsCompleted);
        Assert.False(radio.IsAudioReady);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(await key.WaitAsync(SafetyNet));
        Assert.True(radio.IsAudioReady);

        await radio.UnkeyAsync(CancellationToken.None);
        Assert.False(_link.Rts);
        Assert.False(radio.IsKeyed);
    }

    [Fact]
    public async Task Inverted_dtr_keys_low_and_releases_high()
    {
        var radio = NewRadio(new ConventionalRadioOptions { PttLine = PttLine.Dtr, PttInverted = true, TxDelay = TimeSpan.Zero });

        Assert.True(await radio.KeyAsync(FloorPriority.Normal, CancellationToken.None));
        Assert.False(_link.Dtr);
        Assert.Null(_link.Rts);

        await radio.UnkeyAsync(CancellationToken.None);
        Assert.True(_link.Dtr);
    }

    [Fact]
    public async Task Unkey_during_the_tx_delay_makes_key_return_false()
    {
        var radio = NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.FromMilliseconds(300) });

        var key = radio.KeyAsync(FloorPriority.Normal, CancellationToken.None);
        await radio.UnkeyAsync(CancellationToken.None);

        Assert.False(await key.WaitAsync(SafetyNet));
        Assert.False(radio.IsAudioReady);
        Assert.False(_link.Rts);
    }

    [Fact]
    public async Task Tx_timeout_cuts_a_stuck_ptt()
    {
        var radio = NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.Zero, TxTimeout = TimeSpan.FromSeconds(30) });
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        radio.TxTimedOut += () => cut.TrySetResult();
        await radio.KeyAsync(FloorPriority.Normal, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(_link.Rts);
        _time.Advance(TimeSpan.FromSeconds(1));

        await cut.Task.WaitAsync(SafetyNet);
        Assert.False(_link.Rts);
        Assert.False(radio.IsKeyed);
    }

    [Fact]
    public async Task Unkey_before_the_timeout_stops_the_timer()
    {
        var radio = NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.Zero, TxTimeout = TimeSpan.FromSeconds(30) });
        var timedOut = false;
        radio.TxTimedOut += () => timedOut = true;
        await radio.KeyAsync(FloorPriority.Normal, CancellationToken.None);
        await radio.UnkeyAsync(CancellationToken.None);
        var writes = _link.ControlWrites.Count;

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(timedOut);
        Assert.Equal(writes, _link.ControlWrites.Count);
    }

    [Fact]
    public void Cos_on_cts_raises_open_and_close_once_per_change()
    {
        var radio = NewRadio(new ConventionalRadioOptions());
        var changes = new List<bool>();
        radio.CarrierChanged += changes.Add;

        _link.SetInputs(ModemInputLines.Cts);
        _link.SetInputs(ModemInputLines.Cts | ModemInputLines.Dsr); // CTS unchanged
        _link.SetInputs(ModemInputLines.Dsr);

        Assert.Equal([true, false], changes);
        Assert.False(radio.IsCarrierDetected);
    }

    [Fact]
    public void Inverted_cos_on_dcd_is_open_when_the_line_drops()
    {
        _link.SetInputs(ModemInputLines.Dcd);
        var radio = NewRadio(new ConventionalRadioOptions { CosLine = CosLine.Dcd, CosInverted = true });
        Assert.False(radio.IsCarrierDetected);
        var changes = new List<bool>();
        radio.CarrierChanged += changes.Add;

        _link.SetInputs(ModemInputLines.None);

        Assert.Equal([true], changes);
        Assert.True(radio.IsCarrierDetected);
    }

    [Fact]
    public async Task Stop_drives_ptt_inactive_even_when_not_keyed()
    {
        var radio = NewRadio(new ConventionalRadioOptions { PttLine = PttLine.Dtr });

        await radio.StopAsync(CancellationToken.None);

        Assert.False(_link.Dtr);
        Assert.False(radio.IsKeyed);
    }

    [Fact]
    public async Task Stop_releases_a_keyed_radio()
    {
        var radio = NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.Zero });
        await radio.KeyAsync(FloorPriority.Normal, CancellationToken.None);

        await radio.StopAsync(CancellationToken.None);

        Assert.False(_link.Rts);
    }

    [Fact]
    public async Task Link_without_control_lines_cannot_key()
    {
        var radio = new ConventionalRadio(new FakeSerialLink(supportsControlLines: false), new ConventionalRadioOptions(), _time, NullLogger<ConventionalRadio>.Instance);
        await Assert.ThrowsAsync<NotSupportedException>(() => radio.KeyAsync(FloorPriority.Normal, CancellationToken.None));
    }

    [Fact]
    public void Invalid_options_name_their_keys()
    {
        var errors = new ConventionalRadioOptions { TxDelay = TimeSpan.FromSeconds(5), TxTimeout = TimeSpan.Zero, PttLine = (PttLine)7 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("TxDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TxTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PttLine", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => NewRadio(new ConventionalRadioOptions { TxDelay = TimeSpan.FromSeconds(1), TxTimeout = TimeSpan.FromSeconds(1) }));
    }
}
