using Gateway.Radio.Floor;
using Gateway.Radio.Pei;
using Gateway.Radio.Tests.Pei;
using Gateway.Radio.Voice;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Voice;

/// <summary>Voice orders on a TETRA terminal driven through a scripted PEI, in fake time.</summary>
public sealed class RadioVoiceOrdersTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HangTime = TimeSpan.FromMilliseconds(800);

    private readonly FakePeiCommandPort _port = new();
    private readonly FakeTimeProvider _time = new();
    private readonly PeiTerminalOptions _options = new() { Name = "t1", GrantTimeout = TimeSpan.FromSeconds(5), TxTimeout = TimeSpan.FromSeconds(60) };
    private readonly PeiTerminal _terminal;
    private readonly RadioVoiceOrders _orders;
    private int _nextCall;

    public RadioVoiceOrdersTests()
    {
        // ATD answers with the call's progress (new CC instance each call); every TX demand is granted.
        _port.Respond = command => command switch
        {
            _ when command.StartsWith("ATD", StringComparison.Ordinal) => PeiResponse.Ok($"+CTOCP: {++_nextCall},0,0"),
            _ when command.StartsWith("AT+CTXD=", StringComparison.Ordinal) => PeiResponse.Ok($"+CTXG: {command[8..command.IndexOf(',', StringComparison.Ordinal)]},0,0,0"),
            _ => PeiResponse.Ok(),
        };
        _terminal = new PeiTerminal(_port, _options, _time, NullLogger<PeiTerminal>.Instance);
        _orders = new RadioVoiceOrders(new FloorControlOptions { VoiceHangTime = HangTime }, _time, NullLoggerFactory.Instance);
        _orders.AddLine(new PeiVoiceLine(_terminal, "9001", _time, ["9002"]));
    }

    public async ValueTask DisposeAsync() => await _terminal.DisposeAsync();

    [Fact]
    public async Task A_normal_order_calls_the_terminals_talkgroup_and_voice_keys_ptt_until_the_hang_time()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        Assert.Equal("group 9001", order.Channel);
        Assert.Equal(["AT+CTSDC=0,0,0,1,1,0,1,1,0,0,0", "ATD9001"], _port.Commands);

        await order.OnVoiceStartAsync();
        Assert.True(order.Floor.IsKeyed);
        Assert.Equal("AT+CTXD=1,0", _port.Commands[^1]);

        var unkeyed = NextDecision(order, FloorDecisionKind.Unkeyed);
        await order.OnVoiceStopAsync();
        _time.Advance(HangTime);
        await unkeyed.WaitAsync(SafetyNet);
        Assert.Equal("AT+CUTXC=1", _port.Commands[^1]);
    }

    [Fact]
    public async Task An_order_to_an_issi_is_an_individual_call_and_to_a_listed_talkgroup_a_group_call()
    {
        var unit = await _orders.StartAsync("t1", "2001", FloorPriority.Normal, CancellationToken.None);
        Assert.Equal("unit 2001", unit.Channel);
        await unit.EndAsync("test");
        var group = await _orders.StartAsync("t1", "9002", FloorPriority.Normal, CancellationToken.None);
        Assert.Equal("group 9002", group.Channel);

        Assert.Equal(
            ["AT+CTSDC=0,0,0,1,1,0,0,1,0,0,0", "ATD2001", "ATH", "AT+CTSDC=0,0,0,1,1,0,1,1,0,0,0", "ATD9002"],
            _port.Commands);
    }

    [Fact]
    public async Task Dtmf_star_keys_hash_unkeys_and_the_api_keys_too()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        await order.OnDtmfAsync('*');
        Assert.Equal(FloorKeySource.Dtmf, order.Floor.KeyedBy);
        await order.OnDtmfAsync('#');
        Assert.False(order.Floor.IsKeyed);
        Assert.True(await order.KeyAsync());
        Assert.Equal(FloorKeySource.Api, order.Floor.KeyedBy);
        await order.UnkeyAsync();

        Assert.Equal(["AT+CTXD=1,0", "AT+CUTXC=1", "AT+CTXD=1,0", "AT+CUTXC=1"], _port.Commands.Skip(2));
    }

    [Fact]
    public async Task Hang_up_releases_ptt_before_clearing_the_call()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        await order.OnVoiceStartAsync();

        await order.EndAsync("dispatcher hung up");

        Assert.Equal(["AT+CTXD=1,0", "AT+CUTXC=1", "ATH"], _port.Commands.Skip(2));
        Assert.Equal("dispatcher hung up", await order.Ended);
        Assert.Null(_orders.Find(order.Id));
    }

    [Fact]
    public async Task A_tx_timeout_cuts_ptt_and_voice_only_rekeys_after_a_pause()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        await order.OnVoiceStartAsync();
        var cut = NextDecision(order, FloorDecisionKind.Unkeyed);

        _time.Advance(_options.TxTimeout);

        Assert.Equal("transmitter TX timeout", (await cut.WaitAsync(SafetyNet)).Reason);
        Assert.Equal("AT+CUTXC=1", _port.Commands[^1]);
        Assert.False(order.Floor.IsKeyed);

        await order.OnVoiceStartAsync();  // still talking: the stuck key stays off
        Assert.False(order.Floor.IsKeyed);
        await order.OnVoiceStopAsync();
        await order.OnVoiceStartAsync();  // a new talk spurt keys again
        Assert.True(order.Floor.IsKeyed);
        Assert.Equal(["AT+CTXD=1,0", "AT+CUTXC=1", "AT+CTXD=1,0"], _port.Commands.Skip(2));
    }

    [Fact]
    public async Task While_a_unit_talks_voice_does_not_key()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        _port.Raise("+CTXG: 1,3,0,0,1,2001");
        Assert.True(order.Floor.RadioReceiving);

        var blocked = NextDecision(order, FloorDecisionKind.Blocked);
        await order.OnVoiceStartAsync();
        await blocked.WaitAsync(SafetyNet);
        Assert.DoesNotContain(_port.Commands, c => c.StartsWith("AT+CTXD", StringComparison.Ordinal));

        _port.Raise("+CDTXC: 1,0");
        Assert.False(order.Floor.RadioReceiving);
        await order.OnVoiceStopAsync();
        await order.OnVoiceStartAsync();
        Assert.True(order.Floor.IsKeyed);
    }

    [Fact]
    public async Task An_emergency_order_preempts_a_normal_one_and_keys_with_emergency_priority_over_a_talking_unit()
    {
        var normal = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        await normal.OnVoiceStartAsync();

        var emergency = await _orders.StartAsync("t1", null, FloorPriority.Emergency, CancellationToken.None);

        Assert.StartsWith("pre-empted by emergency order", await normal.Ended.WaitAsync(SafetyNet));
        Assert.Same(emergency, _orders.ActiveOn("t1"));
        Assert.Equal(
            ["AT+CTXD=1,0", "AT+CUTXC=1", "ATH", "AT+CTSDC=0,0,0,1,1,0,1,1,0,15,0", "ATD9001"],
            _port.Commands.Skip(2));

        _port.Raise("+CTXG: 2,3,0,0,1,2001");
        Assert.True(emergency.Floor.RadioReceiving);
        await emergency.OnVoiceStartAsync();
        Assert.True(emergency.Floor.IsKeyed);
        Assert.Equal("AT+CTXD=2,3", _port.Commands[^1]);
    }

    [Fact]
    public async Task A_busy_radio_refuses_a_normal_order_and_a_second_emergency_order()
    {
        var first = await _orders.StartAsync("t1", null, FloorPriority.Emergency, CancellationToken.None);

        var busy = await Assert.ThrowsAsync<RadioVoiceBusyException>(() => _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None));
        Assert.Equal(first.Id, busy.ActiveOrderId);
        await Assert.ThrowsAsync<RadioVoiceBusyException>(() => _orders.StartAsync("t1", null, FloorPriority.Emergency, CancellationToken.None));
        Assert.Equal(RadioVoiceSessionState.Active, first.State);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _orders.StartAsync("t9", null, FloorPriority.Normal, CancellationToken.None));
    }

    [Fact]
    public async Task The_network_releasing_the_call_ends_the_order()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);

        _port.Raise("+CTCR: 1,1");

        Assert.StartsWith("radio:", await order.Ended.WaitAsync(SafetyNet));
        Assert.Null(_orders.ActiveOn("t1"));
    }

    [Fact]
    public async Task Stopping_the_gateway_releases_ptt_of_every_order()
    {
        var order = await _orders.StartAsync("t1", null, FloorPriority.Normal, CancellationToken.None);
        Assert.True(await order.KeyAsync());

        await _orders.StopAsync(CancellationToken.None);

        Assert.Equal("gateway stopping", await order.Ended);
        Assert.Equal(["AT+CTXD=1,0", "AT+CUTXC=1", "ATH"], _port.Commands.Skip(2));
    }

    private static Task<FloorDecision> NextDecision(RadioVoiceSession order, FloorDecisionKind kind)
    {
        var decided = new TaskCompletionSource<FloorDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        order.Decided += (_, decision) =>
        {
            if (decision.Kind == kind) decided.TrySetResult(decision);
        };
        return decided.Task;
    }
}
