using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtCommandChannelTests
{
    private static readonly TimeSpan Safety = ChannelHarness.Safety;

    [Fact]
    public async Task Command_collects_intermediate_lines_until_ok()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CNUMF?");

        Assert.Equal("AT+CNUMF?\r", await h.Link.NextWriteAsync());
        h.Link.Send("\r\n+CNUMF: 0,2620011234567\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(AtResultCode.Ok, response.Result);
        Assert.True(response.IsSuccess);
        Assert.Equal(["+CNUMF: 0,2620011234567"], response.Lines);
        Assert.Equal("+CNUMF: 0,2620011234567", response.FindLine("+CNUMF"));
        Assert.Equal(1, h.Counter("gateway.at.commands"));
    }

    [Theory]
    [InlineData("+CME ERROR: 30", AtResultCode.CmeError, 30, "30")]
    [InlineData("+CMS ERROR: 500", AtResultCode.CmsError, 500, "500")]
    [InlineData("+CME ERROR: no network service", AtResultCode.CmeError, null, "no network service")]
    [InlineData("ERROR", AtResultCode.Error, null, "")]
    [InlineData("NO CARRIER", AtResultCode.NoCarrier, null, "")]
    [InlineData("BUSY", AtResultCode.Busy, null, "")]
    [InlineData("NO ANSWER", AtResultCode.NoAnswer, null, "")]
    [InlineData("NO DIALTONE", AtResultCode.NoDialtone, null, "")]
    [InlineData("CONNECT 9600", AtResultCode.Connect, null, "9600")]
    public async Task Every_final_result_ends_the_command_with_its_code(string finalLine, AtResultCode code, int? number, string detail)
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("ATD2001;");
        await h.Link.NextWriteAsync();
        h.Link.Send($"\r\n{finalLine}\r\n");

        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(code, response.Result);
        Assert.Equal(number, response.ErrorNumber);
        Assert.Equal(detail, response.Detail);
        Assert.Equal("ATD2001;", response.Command);
    }

    [Fact]
    public async Task Echoed_command_line_is_dropped()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CNUMF?");
        await h.Link.NextWriteAsync();
        h.Link.Send("AT+CNUMF?\r\r\n+CNUMF: 0,1001\r\n\r\nOK\r\n");

        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(["+CNUMF: 0,1001"], response.Lines);
    }

    [Fact]
    public async Task Urc_arriving_during_a_command_goes_to_its_subscriber_not_the_command()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var urcs = new List<string>();
        using IDisposable subscription = h.Channel.SubscribeUnsolicited("+CTXG", (in AtUnsolicitedMessage m) => urcs.Add(m.LineText()));
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CSQ");
        await h.Link.NextWriteAsync();

        h.Link.Send("\r\n+CTXG: 1,0,0,0\r\n\r\n+CSQ: 20,99\r\n");
        h.Link.Send("\r\n+CTXG: 2,1,0,0\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(["+CSQ: 20,99"], response.Lines);
        Assert.Equal(["+CTXG: 1,0,0,0", "+CTXG: 2,1,0,0"], urcs);
    }

    [Fact]
    public async Task Urc_with_payload_line_is_delivered_with_both_lines_during_a_command_and_when_idle()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var received = new List<(string Header, string Payload)>();
        using IDisposable subscription = h.Channel.SubscribeUnsolicited(
            "+CTSDSR", (in AtUnsolicitedMessage m) => received.Add((m.LineText(), m.PayloadText())), hasPayloadLine: true);

        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CSQ");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CTSDSR: 12,2001,0,1001,0,32\r\n82100001\r\n\r\n+CSQ: 18,99\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        h.Link.Send("\r\n+CTSDSR: 13,2002,0,1001,0,16\r\n");
        h.Link.Send("8003\r\n");
        await h.SyncAsync();

        Assert.Equal(["+CSQ: 18,99"], response.Lines);
        Assert.Equal(
            [("+CTSDSR: 12,2001,0,1001,0,32", "82100001"), ("+CTSDSR: 13,2002,0,1001,0,16", "8003")],
            received);
    }

    [Fact]
    public async Task Declared_response_prefix_wins_over_a_urc_subscriber_with_the_same_prefix()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var urcs = new List<string>();
        using IDisposable subscription = h.Channel.SubscribeUnsolicited("+CTGS", (in AtUnsolicitedMessage m) => urcs.Add(m.LineText()));

        Task<AtResponse> claimed = h.Channel.ExecuteAsync(new AtCommand("AT+CTGS?") { ResponsePrefix = "+CTGS" });
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CTGS: 1,9001\r\n\r\nOK\r\n");
        AtResponse claimedResponse = await claimed.WaitAsync(Safety);

        Task<AtResponse> unclaimed = h.Channel.ExecuteAsync("AT+CTGS?");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CTGS: 1,9002\r\n\r\nOK\r\n");
        AtResponse unclaimedResponse = await unclaimed.WaitAsync(Safety);

        Assert.Equal(["+CTGS: 1,9001"], claimedResponse.Lines);
        Assert.Empty(unclaimedResponse.Lines);
        Assert.Equal(["+CTGS: 1,9002"], urcs);
    }

    [Fact]
    public async Task Garbage_bytes_blank_lines_and_overlong_lines_are_skipped_and_counted()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync(new AtChannelOptions { MaxLineLength = 64 });
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CSQ");
        await h.Link.NextWriteAsync();

        h.Link.SendBytes(0x00, 0xFF, 0x07, 0x80, (byte)'\r', (byte)'\n');   // line noise
        h.Link.Send("\r\n\r\n\n\r\r\n");                                    // blank lines, stray CR/LF
        h.Link.Send(new string('Z', 200) + "\r\n");                        // over-long line
        h.Link.Send("+CSQ: 17,99\r");
        h.Link.SendBytes(0x01, 0x02, 0xFE, (byte)'\n');
        h.Link.Send("\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(AtResultCode.Ok, response.Result);
        Assert.Equal(["+CSQ: 17,99"], response.Lines);
        Assert.Equal(3, h.Counter("gateway.at.garbage_lines"));
    }

    [Fact]
    public async Task Random_garbage_does_not_break_the_channel()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            byte[] noise = new byte[random.Next(1, 80)];
            random.NextBytes(noise);
            h.Link.SendBytes(noise);
        }

        h.Link.Send("\r\n");
        await h.SyncAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\nOK\r\n");

        Assert.Equal(AtResultCode.Ok, (await pending.WaitAsync(Safety)).Result);
        Assert.True(h.Counter("gateway.at.garbage_lines") > 0);
    }

    [Fact]
    public async Task Command_without_final_result_times_out_in_fake_time_and_the_channel_goes_on()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync(new AtCommand("AT+CTOM=0") { Timeout = TimeSpan.FromSeconds(2) });
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CTOM: partial\r\n");
        await h.SyncAsync();

        h.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(pending.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        AtTimeoutException timeout = await Assert.ThrowsAsync<AtTimeoutException>(() => pending.WaitAsync(Safety));

        Assert.Equal("AT+CTOM=0", timeout.Command);
        Assert.Equal(TimeSpan.FromSeconds(2), timeout.Timeout);
        Assert.Equal(["+CTOM: partial"], timeout.LinesSoFar);
        Assert.Equal(1, h.Counter("gateway.at.timeouts"));

        Task<AtResponse> next = h.Channel.ExecuteAsync("AT");
        Assert.Equal("AT\r", await h.Link.NextWriteAsync());
        h.Link.Send("OK\r\n");
        Assert.Equal(AtResultCode.Ok, (await next.WaitAsync(Safety)).Result);
    }

    [Fact]
    public async Task Default_timeout_comes_from_the_options()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync(new AtChannelOptions { DefaultCommandTimeout = TimeSpan.FromMilliseconds(300) });
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();

        h.Time.Advance(TimeSpan.FromMilliseconds(300));

        AtTimeoutException timeout = await Assert.ThrowsAsync<AtTimeoutException>(() => pending.WaitAsync(Safety));
        Assert.Equal(TimeSpan.FromMilliseconds(300), timeout.Timeout);
    }

    [Fact]
    public async Task Cancelled_command_throws_and_its_late_answer_does_not_complete_the_next_command()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        using var cancel = new CancellationTokenSource();
        Task<AtResponse> cancelled = h.Channel.ExecuteAsync("ATD2001;", cancel.Token);
        await h.Link.NextWriteAsync();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Safety));

        h.Link.Send("\r\nBUSY\r\n");   // late answer to the cancelled dial
        await h.SyncAsync();
        Task<AtResponse> next = h.Channel.ExecuteAsync("AT+CSQ");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CSQ: 21,99\r\n\r\nOK\r\n");
        AtResponse response = await next.WaitAsync(Safety);

        Assert.Equal(AtResultCode.Ok, response.Result);
        Assert.Equal(["+CSQ: 21,99"], response.Lines);
    }

    [Fact]
    public async Task Queued_commands_run_one_at_a_time_in_call_order()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> first = h.Channel.ExecuteAsync("AT+CTOM=0");
        Task<AtResponse> second = h.Channel.ExecuteAsync("AT+CTSP=2,0,0");
        Task<AtResponse> third = h.Channel.ExecuteAsync("AT+CNUMF?");

        Assert.Equal("AT+CTOM=0\r", await h.Link.NextWriteAsync());
        await h.SyncAsync();
        Assert.Equal(0, h.Link.UnreadWrites); // the second waits for the first's final result
        h.Link.Send("OK\r\n");
        Assert.Equal("AT+CTSP=2,0,0\r", await h.Link.NextWriteAsync());
        h.Link.Send("+CME ERROR: 4\r\n");
        Assert.Equal("AT+CNUMF?\r", await h.Link.NextWriteAsync());
        h.Link.Send("+CNUMF: 0,1001\r\nOK\r\n");

        Assert.Equal(AtResultCode.Ok, (await first.WaitAsync(Safety)).Result);
        Assert.Equal(4, (await second.WaitAsync(Safety)).ErrorNumber);
        Assert.Equal(["+CNUMF: 0,1001"], (await third.WaitAsync(Safety)).Lines);
    }

    [Fact]
    public async Task Command_cancelled_while_queued_is_never_sent()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        using var cancel = new CancellationTokenSource();
        Task<AtResponse> first = h.Channel.ExecuteAsync("AT+CSQ");
        Task<AtResponse> queued = h.Channel.ExecuteAsync("ATH", cancel.Token);
        Task<AtResponse> last = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Safety));
        h.Link.Send("OK\r\n");

        Assert.Equal("AT\r", await h.Link.NextWriteAsync());
        h.Link.Send("OK\r\n");
        await Task.WhenAll(first, last).WaitAsync(Safety);
    }

    [Fact]
    public async Task Urc_handler_that_throws_does_not_stop_the_channel()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        using IDisposable subscription = h.Channel.SubscribeUnsolicited("+CTCR", (in AtUnsolicitedMessage _) => throw new InvalidOperationException("bug"));
        h.Link.Send("\r\n+CTCR: 1,3\r\n");
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();
        h.Link.Send("OK\r\n");

        Assert.Equal(AtResultCode.Ok, (await pending.WaitAsync(Safety)).Result);
    }

    [Fact]
    public async Task Urcs_are_counted()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        using IDisposable subscription = h.Channel.SubscribeUnsolicited("+CTXG", (in AtUnsolicitedMessage _) => { });
        h.Link.Send("+CTXG: 1,0\r\n+CTXG: 1,1\r\n+UNKNOWN: 1\r\n");
        await h.SyncAsync();

        Assert.Equal(3, h.Counter("gateway.at.urcs")); // two +CTXG and the harness's sync marker
        Assert.Equal(1, h.Counter("gateway.at.unhandled_lines"));
    }

    [Fact]
    public async Task Command_before_start_is_refused()
    {
        var link = new FakeSerialLink();
        await link.OpenAsync();
        await using var channel = new AtCommandChannel(link);

        await Assert.ThrowsAsync<InvalidOperationException>(() => channel.ExecuteAsync("AT"));
    }

    [Fact]
    public async Task Non_latin1_command_text_is_rejected_before_anything_is_written()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Channel.ExecuteAsync("AT+CMGS=\"紧急\""));
        Assert.Equal(0, h.Link.UnreadWrites);
    }
}
