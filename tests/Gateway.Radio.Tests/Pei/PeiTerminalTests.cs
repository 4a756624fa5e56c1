using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Radio.Tests.Pei;

public sealed class PeiTerminalTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);

    private readonly FakePeiCommandPort _port = new();
    private readonly FakeTimeProvider _time = new();
    private readonly PeiTerminalOptions _options = new()
    {
        Name = "t1",
        ReportTimeout = TimeSpan.FromSeconds(30),
        GrantTimeout = TimeSpan.FromSeconds(5),
        TxTimeout = TimeSpan.FromSeconds(60),
    };

    private PeiTerminal? _terminal;

    private PeiTerminal Terminal => _terminal ??= new PeiTerminal(_port, _options, _time, NullLogger<PeiTerminal>.Instance, new OrderStatusMap(new OrderStatusOptions()));

    public async ValueTask DisposeAsync()
    {
        if (_terminal is not null)
        {
            await _terminal.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_up_sends_the_sequence_in_order_and_reads_identity_limit_and_talkgroup()
    {
        _options.Talkgroup = "09011638300000001";
        _port.Respond = command => command switch
        {
            "AT+CNUMF?" => PeiResponse.Ok("+CNUMF: 6,09011638300001001"),
            "AT+CMGS=?" => PeiResponse.Ok("+CMGS: (0-1024)"),
            _ => PeiResponse.Ok(),
        };

        await Terminal.StartAsync(CancellationToken.None);

        Assert.Equal([.. PeiCommands.StartUp, "AT+CTGS=1,09011638300000001"], _port.Commands);
        Assert.Equal("09011638300001001", Terminal.OwnIdentity);
        Assert.Equal(1024, Terminal.MaxSdsBits);
    }

    [Fact]
    public async Task Start_up_fails_with_the_failing_command_named()
    {
        _port.Respond = command => command == "AT+CTOM=0" ? PeiResponse.Error(4) : PeiResponse.Ok();

        var error = await Assert.ThrowsAsync<PeiCommandException>(() => Terminal.StartAsync(CancellationToken.None));

        Assert.Equal("AT+CTOM=0", error.Command);
        Assert.Contains("+CME ERROR 4", error.Message);
        Assert.Single(_port.Commands);
    }

    [Fact]
    public async Task Chinese_text_goes_out_as_ctsds_then_cmgs_and_completes_on_the_matching_report()
    {
        var reports = new List<SdsDeliveryEvent>();
        Terminal.TextDeliveryReported += reports.Add;
        _port.Respond = command => command.StartsWith("AT+CMGS=", StringComparison.Ordinal) ? PeiResponse.Ok("+CMGS: 0,4,1") : PeiResponse.Ok();

        var send = Terminal.SendTextAsync("2001", "火灾，请立即到场", CancellationToken.None);

        Assert.Equal(["AT+CTSDS=12,0,0,0,1", "AT+CMGS=2001,160"], _port.Commands);
        var payload = Assert.Single(_port.Payloads).Payload;
        Assert.Equal("820E011A706B707EFF0C8BF77ACB53735230573A", payload);
        Assert.False(send.IsCompleted);

        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100099"); // another reference: ignored
        Assert.False(send.IsCompleted);
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100001");

        var result = await send.WaitAsync(SafetyNet);
        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        Assert.Equal([1], result.References);

        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100201");
        Assert.Equal([SdsDeliveryOutcome.Received, SdsDeliveryOutcome.Consumed], reports.Select(r => r.Outcome));
        Assert.All(reports, r => Assert.Equal("2001", r.Destination));
    }

    [Fact]
    public async Task Report_timeout_completes_the_send_as_timed_out()
    {
        var reports = new List<SdsDeliveryEvent>();
        Terminal.TextDeliveryReported += reports.Add;
        var send = Terminal.SendTextAsync("2001", "order 17", CancellationToken.None);

        _time.Advance(_options.ReportTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(send.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var result = await send.WaitAsync(SafetyNet);
        Assert.Equal(SdsSendOutcome.TimedOut, result.Outcome);
        Assert.True(Assert.Single(reports).TimedOut);

        // A late report for the forgotten reference changes nothing.
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100001");
        Assert.Single(reports);
    }

    [Fact]
    public async Task Failure_report_fails_the_send_with_its_status()
    {
        var send = Terminal.SendTextAsync("2001", "order", CancellationToken.None);
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82104B01");

        var result = await send.WaitAsync(SafetyNet);

        Assert.Equal(SdsSendOutcome.Failed, result.Outcome);
        Assert.Equal((byte)SdsDeliveryStatus.DestinationNotRegistered, result.DeliveryStatus);
    }

    [Fact]
    public async Task Cmgs_error_rejects_the_send_at_once()
    {
        _port.Respond = command => command.StartsWith("AT+CMGS=", StringComparison.Ordinal) ? PeiResponse.Error(35) : PeiResponse.Ok();

        var result = await Terminal.SendTextAsync("2001", "order", CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal(SdsSendOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public async Task Long_text_is_sent_in_parts_and_completes_when_every_part_is_received()
    {
        _options.MaxSdsBits = 256;
        var text = new string('x', 60);
        var send = Terminal.SendTextAsync("2001", text, CancellationToken.None);

        Assert.Equal(3, _port.Payloads.Count);
        Assert.All(_port.Payloads, p => Assert.StartsWith("8A", p.Payload));
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100001", "+CTSDSR: 12,2001,0,1001,0,32", "82100002");
        Assert.False(send.IsCompleted);
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "82100003");

        var result = await send.WaitAsync(SafetyNet);
        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        Assert.Equal([1, 2, 3], result.References);
    }

    [Fact]
    public void Incoming_texts_are_raised_whole_and_status_values_are_mapped()
    {
        var texts = new List<PeiTextEvent>();
        var statuses = new List<PeiStatusEvent>();
        Terminal.TextReceived += texts.Add;
        Terminal.StatusReceived += statuses.Add;

        _port.Raise("+CTSDSR: 12,2001,0,1001,0,64", "8200050168656C6C");
        _port.Raise("+CTSDSR: 12,2002,0,1001,0,96", "8A0006010500030702014142");
        _port.Raise("+CTSDSR: 12,2002,0,1001,0,96", "8A0007010500030702024344");
        _port.Raise("+CTSDSR: 13,2003,0,1001,0,16", "8002");
        _port.Raise("+CTSDSR: 13,2003,0,1001,0,16", "1234");

        Assert.Equal([new PeiTextEvent("2001", "1001", "hell"), new PeiTextEvent("2002", "1001", "ABCD")], texts);
        Assert.Equal(2, statuses.Count);
        Assert.Equal(OrderStatusState.OnScene, statuses[0].State);
        Assert.Equal("2003", statuses[0].Source);
        Assert.Null(statuses[1].State);
    }

    [Fact]
    public async Task Incoming_text_asking_for_a_receipt_gets_an_sds_report_back()
    {
        var receipt = new TaskCompletionSource<(string Command, string? Payload)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _port.Sent += (command, payload) =>
        {
            if (payload is not null)
            {
                receipt.TrySetResult((command, payload));
            }
        };
        var texts = new List<PeiTextEvent>();
        Terminal.TextReceived += texts.Add;

        _port.Raise("+CTSDSR: 12,2001,0,1001,0,48", "820407016869"); // received report requested, ref 7, "hi"

        var (command, payload) = await receipt.Task.WaitAsync(SafetyNet);
        Assert.Equal("AT+CMGS=2001,32", command);
        Assert.Equal("82100007", payload);
        Assert.Equal("hi", Assert.Single(texts).Text);
    }

    [Fact]
    public async Task Call_transmitter_keys_with_emergency_priority_and_unkeys_with_cutxc()
    {
        var call = await DialGroupCallAsync();
        var transmitter = new PeiCallTransmitter(Terminal, call);

        var key = transmitter.KeyAsync(Gateway.Radio.Floor.FloorPriority.Emergency, CancellationToken.None);
        _port.Raise("+CTXG: 1,0,0,0");
        Assert.True(await key.WaitAsync(SafetyNet));
        await transmitter.UnkeyAsync(CancellationToken.None);

        Assert.Equal(["AT+CTXD=1,3", "AT+CUTXC=1"], _port.Commands.Skip(2));
        Assert.Equal(PeiCallState.Connected, call.State);
    }

    [Fact]
    public void Garbage_lines_never_throw_and_a_lost_pdu_line_does_not_eat_the_next_urc()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(50)];
            random.NextBytes(bytes);
            _port.Raise(System.Text.Encoding.Latin1.GetString(bytes));
        }

        var calls = new List<PeiCall>();
        Terminal.CallStateChanged += (call, _) => calls.Add(call);
        _port.Raise("+CTSDSR: 12,2001,0,1001,0,32", "+CTICN: 4,0,0,0,2001,1,1,0,0,1,0,1001,0");

        Assert.Equal(4, Assert.Single(calls).CcInstance);
    }

    [Fact]
    public async Task Group_call_ptt_is_granted_and_hang_up_releases_ptt_before_ath()
    {
        var call = await DialGroupCallAndGetGrantAsync(PeiTxPriority.Low);

        await Terminal.HangUpAsync(call, CancellationToken.None);

        Assert.Equal(["AT+CTSDC=0,0,0,1,1,0,1,1,0,0,0", "ATD1000", "AT+CTXD=1,0", "AT+CUTXC=1", "ATH"], _port.Commands);
        Assert.Equal(PeiCallState.Released, call.State);
        Assert.Empty(Terminal.ActiveCalls);
    }

    [Fact]
    public async Task Emergency_ptt_request_uses_priority_three()
    {
        await DialGroupCallAndGetGrantAsync(PeiTxPriority.Emergency);
        Assert.Contains("AT+CTXD=1,3", _port.Commands);
    }

    [Fact]
    public async Task Tx_timeout_releases_ptt_and_raises_an_event()
    {
        var call = await DialGroupCallAndGetGrantAsync(PeiTxPriority.Low);
        var timedOut = new TaskCompletionSource<PeiCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        Terminal.TransmitTimedOut += c => timedOut.TrySetResult(c);

        _time.Advance(_options.TxTimeout);

        Assert.Same(call, await timedOut.Task.WaitAsync(SafetyNet));
        Assert.Equal("AT+CUTXC=1", _port.Commands[^1]);
        Assert.Equal(PeiCallState.Connected, call.State);
    }

    [Fact]
    public async Task Grant_timeout_releases_ptt()
    {
        var call = await DialGroupCallAsync();
        var request = Terminal.RequestTransmitAsync(call, PeiTxPriority.Low, CancellationToken.None);

        _time.Advance(_options.GrantTimeout);

        Assert.Equal(PeiPttResult.TimedOut, await request.WaitAsync(SafetyNet));
        Assert.Equal("AT+CUTXC=1", _port.Commands[^1]);
    }

    [Fact]
    public async Task Refused_and_grant_to_another_are_reported()
    {
        var call = await DialGroupCallAsync();

        var first = Terminal.RequestTransmitAsync(call, PeiTxPriority.Low, CancellationToken.None);
        _port.Raise("+CTXG: 1,2,0,0"); // queued: keep waiting
        Assert.False(first.IsCompleted);
        _port.Raise("+CTXG: 1,1,0,0");
        Assert.Equal(PeiPttResult.NotGranted, await first.WaitAsync(SafetyNet));

        var second = Terminal.RequestTransmitAsync(call, PeiTxPriority.Low, CancellationToken.None);
        _port.Raise("+CTXG: 1,3,0,0,3,2002");
        Assert.Equal(PeiPttResult.GrantedToAnother, await second.WaitAsync(SafetyNet));
        Assert.Equal(PeiCallState.Receiving, call.State);
    }

    [Fact]
    public async Task Failed_transmit_demand_is_command_failed()
    {
        var call = await DialGroupCallAsync();
        _port.Respond = command => command.StartsWith("AT+CTXD", StringComparison.Ordinal) ? PeiResponse.Error() : PeiResponse.Ok();

        Assert.Equal(PeiPttResult.CommandFailed, await Terminal.RequestTransmitAsync(call, PeiTxPriority.Low, CancellationToken.None));
    }

    [Fact]
    public async Task Stop_releases_ptt_and_hangs_up()
    {
        var call = await DialGroupCallAndGetGrantAsync(PeiTxPriority.Low);
        var pending = Terminal.SendTextAsync("2001", "x", CancellationToken.None);

        await Terminal.StopAsync(CancellationToken.None);

        var commands = _port.Commands.ToList();
        Assert.True(commands.IndexOf("AT+CUTXC=1") < commands.IndexOf("ATH"));
        Assert.Contains("AT+CUTXC=1", commands);
        Assert.Equal(PeiCallState.Released, call.State);
        Assert.Equal(SdsSendOutcome.Aborted, (await pending.WaitAsync(SafetyNet)).Outcome);
    }

    [Fact]
    public async Task Released_call_stops_its_tx_timer()
    {
        var call = await DialGroupCallAndGetGrantAsync(PeiTxPriority.Low);
        _port.Raise("+CTCR: 1,1");
        var before = _port.Commands.Count;

        _time.Advance(_options.TxTimeout * 2);

        Assert.Equal(PeiCallState.Released, call.State);
        Assert.Equal(before, _port.Commands.Count);
    }

    [Fact]
    public async Task Incoming_call_is_answered()
    {
        var offered = new List<PeiCall>();
        Terminal.CallStateChanged += (call, transition) =>
        {
            if (transition.To == PeiCallState.Alerting)
            {
                offered.Add(call);
            }
        };

        _port.Raise("+CTICN: 2,0,0,0,2001,1,0,0,0,1,0,1001,0");
        var call = Assert.Single(offered);
        await Terminal.AnswerAsync(call, CancellationToken.None);

        Assert.Equal("ATA", _port.Commands[^1]);
        Assert.Equal(PeiCallState.Connected, call.State);
        Assert.Equal("2001", call.Peer);
    }

    [Fact]
    public void Invalid_options_are_refused_with_their_keys()
    {
        var options = new PeiTerminalOptions { Talkgroup = "12a", GrantTimeout = TimeSpan.Zero, MaxSdsBits = 5000 };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Talkgroup", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("GrantTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxSdsBits", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new PeiTerminal(_port, options, _time, NullLogger<PeiTerminal>.Instance));
    }

    private async Task<PeiCall> DialGroupCallAsync()
    {
        var call = await Terminal.DialAsync("1000", PeiCallKind.Group, 0, CancellationToken.None);
        _port.Raise("+CTOCP: 1,0,0");
        Assert.Equal(1, call.CcInstance);
        return call;
    }

    private async Task<PeiCall> DialGroupCallAndGetGrantAsync(PeiTxPriority priority)
    {
        var call = await DialGroupCallAsync();
        var request = Terminal.RequestTransmitAsync(call, priority, CancellationToken.None);
        _port.Raise("+CTXG: 1,0,0,0");
        Assert.Equal(PeiPttResult.Granted, await request.WaitAsync(SafetyNet));
        Assert.Equal(PeiCallState.Transmitting, call.State);
        return call;
    }
}
