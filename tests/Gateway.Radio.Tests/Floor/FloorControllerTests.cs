using Gateway.Radio.Floor;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Floor;

public sealed class FloorControllerTests
{
    private static readonly TimeSpan HangTime = TimeSpan.FromMilliseconds(800);
    private readonly FakeTransmitter _transmitter = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FloorController _floor;
    private readonly List<FloorDecision> _decisions = [];

    public FloorControllerTests()
    {
        _floor = new FloorController(_transmitter, new FloorControlOptions { VoiceHangTime = HangTime }, _time, NullLogger<FloorController>.Instance);
        _floor.Decided += _decisions.Add;
    }

    [Fact]
    public async Task Voice_keys_and_unkeys_after_the_hang_time()
    {
        await _floor.OnVoiceStartAsync();
        Assert.True(_transmitter.Keyed);
        Assert.Equal(FloorKeySource.Voice, _floor.KeyedBy);

        await _floor.OnVoiceStopAsync();
        _time.Advance(HangTime - TimeSpan.FromMilliseconds(1));
        Assert.True(_transmitter.Keyed);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(_transmitter.Keyed);
        Assert.False(_floor.IsKeyed);
        Assert.Equal(["key:Normal", "unkey"], _transmitter.Calls);
    }

    [Fact]
    public async Task Voice_resuming_within_the_hang_time_keeps_ptt()
    {
        await _floor.OnVoiceStartAsync();
        await _floor.OnVoiceStopAsync();
        _time.Advance(HangTime / 2);
        await _floor.OnVoiceStartAsync();
        _time.Advance(HangTime * 2);

        Assert.True(_transmitter.Keyed);
        Assert.Equal(["key:Normal"], _transmitter.Calls);
    }

    [Fact]
    public async Task Dtmf_star_latches_and_hash_unkeys()
    {
        await _floor.OnDtmfAsync('*');
        await _floor.OnVoiceStartAsync();
        await _floor.OnVoiceStopAsync();
        _time.Advance(HangTime * 3);
        Assert.True(_transmitter.Keyed);
        Assert.Equal(FloorKeySource.Dtmf, _floor.KeyedBy);

        await _floor.OnDtmfAsync('#');

        Assert.False(_transmitter.Keyed);
        Assert.Equal(["key:Normal", "unkey"], _transmitter.Calls);
    }

    [Fact]
    public async Task Star_while_voice_keyed_takes_over_so_the_hang_time_no_longer_unkeys()
    {
        await _floor.OnVoiceStartAsync();
        await _floor.OnDtmfAsync('*');
        await _floor.OnVoiceStopAsync();
        _time.Advance(HangTime * 2);

        Assert.True(_transmitter.Keyed);
        Assert.Equal(FloorKeySource.Dtmf, _floor.KeyedBy);
    }

    [Fact]
    public async Task Nothing_keys_while_the_radio_receives_unless_emergency()
    {
        await _floor.SetRadioReceivingAsync(true);

        await _floor.OnVoiceStartAsync();
        await _floor.OnDtmfAsync('*');
        Assert.False(await _floor.KeyByApiAsync(FloorPriority.Normal));
        Assert.Empty(_transmitter.Calls);
        Assert.Equal(3, _decisions.Count(d => d.Kind == FloorDecisionKind.Blocked));

        Assert.True(await _floor.KeyByApiAsync(FloorPriority.Emergency));
        Assert.Equal(["key:Emergency"], _transmitter.Calls);
        Assert.Equal(FloorKeySource.Api, _floor.KeyedBy);
    }

    [Fact]
    public async Task Api_keys_and_unkeys()
    {
        Assert.True(await _floor.KeyByApiAsync(FloorPriority.Normal));
        await _floor.UnkeyByApiAsync();

        Assert.Equal(["key:Normal", "unkey"], _transmitter.Calls);
        Assert.False(_floor.IsKeyed);
    }

    [Fact]
    public async Task Transmitter_not_ready_is_unkeyed_and_reported()
    {
        _transmitter.Ready = false;

        Assert.False(await _floor.KeyByApiAsync(FloorPriority.Normal));

        Assert.Equal(["key:Normal", "unkey"], _transmitter.Calls);
        Assert.Equal(FloorDecisionKind.KeyFailed, _decisions[^1].Kind);
        Assert.False(_floor.IsKeyed);
    }

    [Theory]
    [InlineData("hangup")]
    [InlineData("error")]
    [InlineData("stop")]
    public async Task Every_ending_unkeys(string ending)
    {
        await _floor.OnDtmfAsync('*');

        await (ending switch
        {
            "hangup" => _floor.OnHangUpAsync(),
            "error" => _floor.OnErrorAsync(new IOException("RTP socket closed")),
            _ => _floor.StopAsync(),
        });

        Assert.False(_transmitter.Keyed);
        Assert.Equal("unkey", _transmitter.Calls[^1]);
        Assert.False(_floor.IsKeyed);
    }

    [Fact]
    public async Task After_stop_inputs_are_ignored()
    {
        await _floor.StopAsync();
        await _floor.OnVoiceStartAsync();
        await _floor.OnDtmfAsync('*');

        Assert.Equal(["unkey"], _transmitter.Calls);
    }

    [Fact]
    public async Task After_a_tx_timeout_continuing_voice_does_not_rekey_until_a_pause()
    {
        await _floor.OnVoiceStartAsync();
        await _floor.OnTransmitterTimedOutAsync();
        await _floor.OnVoiceStartAsync(); // VAD still reports speech
        Assert.Equal(["key:Normal"], _transmitter.Calls);

        await _floor.OnVoiceStopAsync();
        await _floor.OnVoiceStartAsync();

        Assert.Equal(["key:Normal", "key:Normal"], _transmitter.Calls);
    }

    [Fact]
    public void Options_refuse_equal_key_and_unkey_digits()
    {
        var errors = new FloorControlOptions { DtmfKeyDigit = '#', DtmfUnkeyDigit = '#' }.Validate();
        Assert.Single(errors);
    }
}
