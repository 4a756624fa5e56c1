using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtDataPhaseTests
{
    private static readonly TimeSpan Safety = ChannelHarness.Safety;
    private static readonly byte[] DleEtx = [0x10, 0x03];

    [Fact]
    public async Task Page_data_flows_after_connect_and_the_channel_returns_to_line_mode()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtDataSession> starting = h.Channel.StartDataPhaseAsync("AT+FDT");
        Assert.Equal("AT+FDT\r", await h.Link.NextWriteAsync());
        h.Link.Send("\r\n+FCS:0,3,0,2,0,0,0,0\r\nCONNECT\r\n");

        await using AtDataSession session = await starting.WaitAsync(Safety);
        Assert.Equal(["+FCS:0,3,0,2,0,0,0,0"], session.ConnectResponse.Lines);
        Task<AtResponse> queued = h.Channel.ExecuteAsync("AT+FPS?");

        byte[] page = [0x00, 0x80, 0x10, 0x10, 0xFF, 0x11, 0x13];
        await session.WriteAsync(page);
        Assert.Equal(page, await h.Link.NextWriteBytesAsync());
        Task<AtResponse> completing = session.CompleteAsync(DleEtx);
        Assert.Equal(DleEtx, await h.Link.NextWriteBytesAsync());
        Assert.False(queued.IsCompleted); // no command while the data phase runs
        h.Link.Send("\r\n+FPS:1,0,0,0,0\r\nOK\r\n");
        AtResponse end = await completing.WaitAsync(Safety);

        Assert.Equal(AtResultCode.Ok, end.Result);
        Assert.Equal(["+FPS:1,0,0,0,0"], end.Lines);
        Assert.Equal("AT+FPS?\r", await h.Link.NextWriteAsync());
        h.Link.Send("+FHS:00\r\nOK\r\n");
        Assert.Equal(["+FHS:00"], (await queued.WaitAsync(Safety)).Lines);
    }

    [Fact]
    public async Task Writes_pause_on_xoff_and_resume_on_xon()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync(new AtChannelOptions { DataChunkSize = 4 });
        await using AtDataSession session = await ConnectAsync(h);
        bool xoffSent = false;
        h.Link.OnWrite = async (_, _) =>
        {
            if (!xoffSent)
            {
                // The device's buffer fills after the first chunk: XOFF, seen before the next chunk.
                xoffSent = true;
                h.Link.SendBytes(AtLineReader.XoffByte);
                await h.SyncAsync();
            }
        };

        byte[] page = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Task writing = session.WriteAsync(page).AsTask();
        Assert.Equal([1, 2, 3, 4], await h.Link.NextWriteBytesAsync());
        await h.SyncAsync();

        Assert.True(session.IsPaused);
        Assert.False(writing.IsCompleted);
        Assert.Equal(0, h.Link.UnreadWrites);

        h.Link.SendBytes(AtLineReader.XonByte);
        await writing.WaitAsync(Safety);
        Assert.Equal([5, 6, 7, 8], await h.Link.NextWriteBytesAsync());
        Assert.Equal([9, 10], await h.Link.NextWriteBytesAsync());
        Assert.False(session.IsPaused);
    }

    [Fact]
    public async Task Xoff_held_longer_than_allowed_fails_the_write_clearly()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync(new AtChannelOptions { MaxXoffHold = TimeSpan.FromSeconds(5) });
        await using AtDataSession session = await ConnectAsync(h);
        h.Link.SendBytes(AtLineReader.XoffByte);
        await h.SyncAsync();

        Task writing = session.WriteAsync(new byte[] { 1, 2, 3 }).AsTask();
        h.Time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(writing.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));

        AtFlowControlTimeoutException failure = await Assert.ThrowsAsync<AtFlowControlTimeoutException>(() => writing.WaitAsync(Safety));
        Assert.Equal(TimeSpan.FromSeconds(5), failure.MaxHold);
        Assert.Equal(0, h.Link.UnreadWrites);
        Assert.Equal(1, h.Counter("gateway.at.xoff_timeouts"));
    }

    [Fact]
    public async Task No_carrier_in_the_middle_of_a_page_ends_the_phase_and_fails_further_writes()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        AtDataSession session = await ConnectAsync(h);
        h.Link.Send("\r\nNO CARRIER\r\n");
        await h.SyncAsync();

        AtDataPhaseEndedException ended = await Assert.ThrowsAsync<AtDataPhaseEndedException>(() => session.WriteAsync(new byte[] { 1 }).AsTask());
        Assert.Equal(AtResultCode.NoCarrier, ended.Response.Result);
        Assert.Equal(AtResultCode.NoCarrier, session.EndedBy?.Result);
        AtResponse end = await session.CompleteAsync(DleEtx);
        Assert.Equal(AtResultCode.NoCarrier, end.Result);
        Assert.Equal(0, h.Link.UnreadWrites); // no trailer after the device hung up

        Task<AtResponse> next = h.Channel.ExecuteAsync("AT+FKS");
        Assert.Equal("AT+FKS\r", await h.Link.NextWriteAsync());
        h.Link.Send("OK\r\n");
        Assert.Equal(AtResultCode.Ok, (await next.WaitAsync(Safety)).Result);
    }

    [Fact]
    public async Task Command_that_does_not_connect_throws_with_the_devices_answer()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        Task<AtDataSession> starting = h.Channel.StartDataPhaseAsync("AT+FDT");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\nERROR\r\n");

        AtCommandFailedException failure = await Assert.ThrowsAsync<AtCommandFailedException>(() => starting.WaitAsync(Safety));
        Assert.Equal(AtResultCode.Error, failure.Response.Result);

        Task<AtResponse> next = h.Channel.ExecuteAsync("AT");
        await h.Link.NextWriteAsync();
        h.Link.Send("OK\r\n");
        Assert.Equal(AtResultCode.Ok, (await next.WaitAsync(Safety)).Result);
    }

    [Fact]
    public async Task Disposing_an_unfinished_session_gives_the_channel_back()
    {
        await using ChannelHarness h = await ChannelHarness.StartAsync();
        AtDataSession session = await ConnectAsync(h);
        Task<AtResponse> queued = h.Channel.ExecuteAsync("AT+FKS");
        await h.SyncAsync();
        Assert.Equal(0, h.Link.UnreadWrites);

        await session.DisposeAsync();

        Assert.Equal("AT+FKS\r", await h.Link.NextWriteAsync());
        h.Link.Send("OK\r\n");
        Assert.Equal(AtResultCode.Ok, (await queued.WaitAsync(Safety)).Result);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.WriteAsync(new byte[] { 1 }).AsTask());
    }

    private static async Task<AtDataSession> ConnectAsync(ChannelHarness h)
    {
        Task<AtDataSession> starting = h.Channel.StartDataPhaseAsync("AT+FDT");
        await h.Link.NextWriteAsync();
        h.Link.Send("\r\nCONNECT\r\n");
        return await starting.WaitAsync(Safety);
    }
}
