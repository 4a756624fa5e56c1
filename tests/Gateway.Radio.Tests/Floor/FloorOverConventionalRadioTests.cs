using Gateway.Core.Serial;
using Gateway.Radio.Conventional;
using Gateway.Radio.Floor;
using Gateway.Radio.Tests.Conventional;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Floor;

/// <summary>Floor control wired to a conventional radio the way the host will wire them.</summary>
public sealed class FloorOverConventionalRadioTests
{
    private readonly FakeSerialLink _link = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ConventionalRadio _radio;
    private readonly FloorController _floor;

    public FloorOverConventionalRadioTests()
    {
        _radio = new ConventionalRadio(_link, new ConventionalRadioOptions { TxDelay = TimeSpan.Zero, TxTimeout = TimeSpan.FromSeconds(20) }, _time, NullLogger<ConventionalRadio>.Instance);
        _floor = new FloorController(_radio, new FloorControlOptions(), _time, NullLogger<FloorController>.Instance);
        _radio.CarrierChanged += open => _ = _floor.SetRadioReceivingAsync(open);
        _radio.TxTimedOut += () => _ = _floor.OnTransmitterTimedOutAsync();
    }

    [Fact]
    public async Task Squelch_open_blocks_voice_keying_and_the_line_stays_low()
    {
        _link.SetInputs(ModemInputLines.Cts);

        await _floor.OnVoiceStartAsync();

        Assert.Null(_link.Rts);
        Assert.False(_floor.IsKeyed);
    }

    [Fact]
    public async Task Tx_timeout_drops_rts_and_the_floor_knows_it()
    {
        await _floor.OnDtmfAsync('*');
        Assert.True(_link.Rts);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(_link.Rts);
        Assert.False(_floor.IsKeyed);
    }

    [Fact]
    public async Task Hang_up_drops_rts()
    {
        await _floor.OnVoiceStartAsync();
        Assert.True(_link.Rts);

        await _floor.OnHangUpAsync();

        Assert.False(_link.Rts);
    }
}
