using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtPromptModeTests
{
    private static readonly TimeSpan Safety = ChannelHarness.Safety;
    private static readonly AtCommand Cmgs = new("AT+CMGS=2001,64") { ResponsePrefix = "+CMGS" };

    [Fact]
    public async Task Payload_and_ctrl_z_are_sent_only_after_the_prompt()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteWithPromptAsync(Cmgs, "8204010200000000");

        Assert.Equal("AT+CMGS=2001,64\r", await h.Link.NextWriteAsync());
        await h.SyncAsync();
        Assert.Equal(0, h.Link.UnreadWrites); // nothing before the prompt

        h.Link.Send("\r\n> ");
        Assert.Equal("8204010200000000\x1A", await h.Link.NextWriteAsync());
        h.Link.Send("\r\n+CMGS: 0,4,12\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(AtResultCode.Ok, response.Result);
        Assert.Equal(["+CMGS: 0,4,12"], response.Lines);
    }

    [Fact]
    public async Task Echo_of_command_and_payload_is_dropped_and_a_split_prompt_is_recognised()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteWithPromptAsync(Cmgs, "82040102");
        await h.Link.NextWriteAsync();

        h.Link.Send("AT+CMGS=2001,64\r\r\n>");   // prompt split: '>' now, the space later
        Assert.Equal("82040102\x1A", await h.Link.NextWriteAsync());
        h.Link.Send(" 82040102\x1A\r\n+CMGS: 0,4,13\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(["+CMGS: 0,4,13"], response.Lines);
    }

    [Fact]
    public async Task Response_prefix_beats_a_urc_subscriber_and_urcs_still_flow_around_the_prompt()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var urcs = new List<string>();
        using IDisposable cmgs = h.Channel.SubscribeUnsolicited("+CMGS", (in AtUnsolicitedMessage m) => urcs.Add(m.LineText()));
        using IDisposable ctxg = h.Channel.SubscribeUnsolicited("+CTXG", (in AtUnsolicitedMessage m) => urcs.Add(m.LineText()));
        Task<AtResponse> pending = h.Channel.ExecuteWithPromptAsync(Cmgs, "8204");
        await h.Link.NextWriteAsync();

        h.Link.Send("\r\n+CTXG: 1,0,0,0\r\n\r\n> ");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n+CMGS: 0,4,14\r\n\r\nOK\r\n");
        AtResponse response = await pending.WaitAsync(Safety);

        Assert.Equal(["+CMGS: 0,4,14"], response.Lines);
        Assert.Equal(["+CTXG: 1,0,0,0"], urcs);
    }

    [Fact]
    public async Task Error_instead_of_prompt_is_returned_without_sending_the_payload()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteWithPromptAsync(Cmgs, "8204");
        await h.Link.NextWriteAsync();

        h.Link.Send("\r\n+CMS ERROR: 304\r\n");
        AtResponse response = await pending.WaitAsync(Safety);
        await h.SyncAsync();

        Assert.Equal(AtResultCode.CmsError, response.Result);
        Assert.Equal(304, response.ErrorNumber);
        Assert.Equal(0, h.Link.UnreadWrites);
    }

    [Fact]
    public async Task Timeout_while_the_payload_is_stuck_aborts_the_text_with_escape()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var payloadWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Link.OnWrite = async (bytes, token) =>
        {
            if (bytes[^1] == AtCommandChannel.CtrlZ)
            {
                payloadWriteStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, token); // a link that cannot get the bytes out
            }
        };
        Task<AtResponse> pending = h.Channel.ExecuteWithPromptAsync(Cmgs with { Timeout = TimeSpan.FromSeconds(3) }, "8204");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\n> ");
        await payloadWriteStarted.Task.WaitAsync(Safety);
        await h.Link.NextWriteAsync(); // the stuck payload

        h.Time.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<AtTimeoutException>(() => pending.WaitAsync(Safety));
        Assert.Equal(new[] { AtCommandChannel.Escape }, await h.Link.NextWriteBytesAsync());
    }
}
