using System.Net;
using System.Net.Sockets;
using Gateway.Core.Serial;
using Gateway.Core.Serial.Rfc2217;

namespace Gateway.Core.Tests.Serial;

/// <summary>The RFC 2217 client against scripted loopback servers that misbehave.</summary>
public sealed class Rfc2217SerialLinkTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(20));
    private readonly TcpListener _server = new(IPAddress.Loopback, 0);

    public Rfc2217SerialLinkTests() => _server.Start();

    private CancellationToken Timeout => _safetyNet.Token;

    private int Port => ((IPEndPoint)_server.LocalEndpoint).Port;

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        _safetyNet.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_server_refusing_com_port_option_fails_the_open_with_a_clear_message()
    {
        var serving = ServeAsync(async stream => await stream.WriteAsync(new byte[] { 255, 254, 44 }, Timeout));
        await using var link = new Rfc2217SerialLink("rfc2217://test", "127.0.0.1", Port, SerialLineSettings.Default);

        var error = await Assert.ThrowsAsync<IOException>(() => link.OpenAsync(Timeout).AsTask());

        Assert.Contains("refused COM-PORT-OPTION", error.Message, StringComparison.Ordinal);
        Assert.Equal(SerialLinkState.Faulted, link.State);
        await serving;
    }

    [Fact]
    public async Task A_silent_server_times_out_in_provider_time()
    {
        var time = new ObservedTimeProvider();
        var serving = ServeAsync(async stream =>
        {
            // Read and say nothing until the client hangs up.
            var buffer = new byte[64];
            try
            {
                while (await stream.ReadAsync(buffer, Timeout) > 0)
                {
                }
            }
            catch (IOException)
            {
                // Reset by the client.
            }
        });
        await using var link = new Rfc2217SerialLink("rfc2217://silent", "127.0.0.1", Port, SerialLineSettings.Default, time, TimeSpan.FromSeconds(5));

        var opening = link.OpenAsync(Timeout).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync(Timeout));
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<IOException>(() => opening);
        Assert.Contains("did not accept COM-PORT-OPTION within 5 s", error.Message, StringComparison.Ordinal);
        await serving;
    }

    [Fact]
    public async Task Sends_line_settings_after_acceptance_and_survives_garbage_from_the_server()
    {
        var settings = new SerialLineSettings { BaudRate = 9600, DataBits = 7, Parity = SerialParity.Even, StopBits = SerialStopBits.Two, FlowControl = SerialFlowControl.XonXoff };
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = ServeAsync(async stream =>
        {
            await stream.WriteAsync(new byte[] { 255, 253, 44 }, Timeout);
            // Opening offers (15 bytes), baud (10), four one-byte commands (7 each), the mask with 0xFF doubled (8).
            var expectedLength = 15 + 10 + (4 * 7) + 8;
            var buffer = new byte[expectedLength];
            await stream.ReadExactlyAsync(buffer, Timeout);
            received.SetResult(buffer);
            // Stray SE, an unterminated IAC x inside SB, an unknown command, then data split around an escaped IAC.
            await stream.WriteAsync(new byte[] { (byte)'a', 255, 240, 255, 250, 44, 7, 255, 1, 255, 249, (byte)'b', 255 }, Timeout);
            await stream.FlushAsync(Timeout);
            await stream.WriteAsync(new byte[] { 255, (byte)'c' }, Timeout);
        });
        await using var link = new Rfc2217SerialLink("rfc2217://garbage", "127.0.0.1", Port, settings);

        await link.OpenAsync(Timeout);
        var data = new List<byte>();
        var buffer = new byte[64];
        while (data.Count < 4)
        {
            var read = await link.ReadAsync(buffer, Timeout);
            Assert.NotEqual(0, read);
            data.AddRange(buffer[..read]);
        }

        var sent = await received.Task;
        Assert.Equal(new byte[] { (byte)'a', (byte)'b', 255, (byte)'c' }, data);
        Assert.Equal(new byte[] { 255, 250, 44, 1, 0, 0, 0x25, 0x80, 255, 240 }, sent[15..25]);
        Assert.Equal(new byte[] { 255, 250, 44, 2, 7, 255, 240 }, sent[25..32]);
        Assert.Equal(new byte[] { 255, 250, 44, 3, 3, 255, 240 }, sent[32..39]);
        Assert.Equal(new byte[] { 255, 250, 44, 4, 2, 255, 240 }, sent[39..46]);
        Assert.Equal(new byte[] { 255, 250, 44, 5, 2, 255, 240 }, sent[46..53]);
        Assert.Equal(new byte[] { 255, 250, 44, 11, 255, 255, 255, 240 }, sent[53..]);
        Assert.Equal(2, link.MalformedSequences);
        await serving;
    }

    [Fact]
    public async Task Data_written_is_iac_escaped_on_the_wire()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = ServeAsync(async stream =>
        {
            await stream.WriteAsync(new byte[] { 255, 253, 44 }, Timeout);
            var buffer = new byte[15 + 10 + (4 * 7) + 8 + 6];
            await stream.ReadExactlyAsync(buffer, Timeout);
            received.SetResult(buffer[^6..]);
        });
        await using var link = new Rfc2217SerialLink("rfc2217://escape", "127.0.0.1", Port, SerialLineSettings.Default);
        await link.OpenAsync(Timeout);

        await link.WriteAsync(new byte[] { 1, 255, 2, 255 }, Timeout);

        Assert.Equal(new byte[] { 1, 255, 255, 2, 255, 255 }, await received.Task);
        await serving;
    }

    private async Task ServeAsync(Func<NetworkStream, Task> script)
    {
        using var client = await _server.AcceptTcpClientAsync(Timeout);
        client.NoDelay = true;
        await using var stream = client.GetStream();
        await script(stream);
    }
}
