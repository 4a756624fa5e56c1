using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtLinkLossTests
{
    private static readonly TimeSpan Safety = ChannelHarness.Safety;

    [Fact]
    public async Task Link_closing_fails_the_pending_command_and_the_channel_works_after_reopen()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var lost = new TaskCompletionSource<AtLinkLostException>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Channel.LinkLost += e => lost.TrySetResult(e);
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CTXD=1,0");
        await h.Link.NextWriteAsync();

        h.Link.Disconnect();

        AtLinkLostException failure = await Assert.ThrowsAsync<AtLinkLostException>(() => pending.WaitAsync(Safety));
        Assert.Contains("closed", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, await lost.Task.WaitAsync(Safety));
        Assert.False(h.Channel.IsReadLoopActive);
        await Assert.ThrowsAsync<AtLinkLostException>(() => h.Channel.ExecuteAsync("AT")); // fails fast while down
        Assert.Equal(1, h.Counter("gateway.at.link_losses"));

        await h.Link.OpenAsync();
        Task<AtResponse> next = h.Channel.ExecuteAsync("AT+CTOM=0");
        Assert.Equal("AT+CTOM=0\r", await h.Link.NextWriteAsync());
        h.Link.Send("\r\nOK\r\n");
        Assert.Equal(AtResultCode.Ok, (await next.WaitAsync(Safety)).Result);
        Assert.True(h.Channel.IsReadLoopActive);
    }

    [Fact]
    public async Task Link_restored_event_lets_a_driver_rerun_its_start_up_at_once()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Channel.LinkLost += _ => lost.TrySetResult();
        Task<AtResponse>? startUp = null;
        h.Channel.LinkRestored += () => startUp = h.Channel.ExecuteAsync("AT+CTOM=0");
        h.Link.Disconnect();
        await lost.Task.WaitAsync(Safety);

        await h.Link.OpenAsync();

        Assert.NotNull(startUp);
        Assert.Equal("AT+CTOM=0\r", await h.Link.NextWriteAsync());
        h.Link.Send("OK\r\n");
        Assert.Equal(AtResultCode.Ok, (await startUp.WaitAsync(Safety)).Result);
    }

    [Fact]
    public async Task Read_failure_fails_the_pending_command_with_the_cause()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT+CSQ");
        await h.Link.NextWriteAsync();

        h.Link.FailRead(new IOException("port vanished"));

        AtLinkLostException failure = await Assert.ThrowsAsync<AtLinkLostException>(() => pending.WaitAsync(Safety));
        Assert.IsType<IOException>(failure.InnerException);
        Assert.Contains("port vanished", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_loss_during_a_data_phase_fails_the_writer()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtDataSession> starting = h.Channel.StartDataPhaseAsync("AT+FDT");
        await h.Link.NextWriteAsync();
        h.Link.Send("CONNECT\r\n");
        await using AtDataSession session = await starting.WaitAsync(Safety);
        h.Link.SendBytes(AtLineReader.XoffByte);
        await h.SyncAsync();
        Task writing = session.WriteAsync(new byte[] { 1, 2 }).AsTask();

        h.Link.Disconnect();

        await Assert.ThrowsAsync<AtLinkLostException>(() => writing.WaitAsync(Safety));
    }

    [Fact]
    public async Task Disposing_the_channel_fails_the_pending_command()
    {
        ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtResponse> pending = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();

        await h.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Safety));
    }

    [Fact]
    public async Task Channel_started_before_the_link_opens_waits_for_it()
    {
        var link = new FakeSerialLink();
        await using var channel = new AtCommandChannel(link);
        channel.Start();
        await Assert.ThrowsAsync<AtLinkLostException>(() => channel.ExecuteAsync("AT"));

        await link.OpenAsync();
        Task<AtResponse> pending = channel.ExecuteAsync("AT");
        await link.NextWriteAsync();
        link.Send("OK\r\n");

        Assert.Equal(AtResultCode.Ok, (await pending.WaitAsync(Safety)).Result);
    }
}
