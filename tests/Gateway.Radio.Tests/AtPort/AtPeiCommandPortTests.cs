using Gateway.Core.At;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Radio.Tests.AtPort;

public sealed class AtPeiCommandPortTests : IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);
    private readonly ScriptedPeiLink _link = new();
    private AtCommandChannel _channel = null!;
    private AtPeiCommandPort _port = null!;

    public async Task InitializeAsync()
    {
        await _link.OpenAsync();
        _channel = new AtCommandChannel(_link, new AtChannelOptions());
        _port = new AtPeiCommandPort(_channel, NullLogger<AtPeiCommandPort>.Instance);
        _channel.Start();
    }

    public async Task DisposeAsync()
    {
        _port.Dispose();
        await _channel.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Theory]
    [InlineData("AT+CMGS=2001,48", "+CMGS")]
    [InlineData("AT+CMGS=?", "+CMGS")]
    [InlineData("AT+CNUMF?", "+CNUMF")]
    [InlineData("AT+CTGS=1,9001", "+CTGS")]
    [InlineData("ATD2001", null)]
    [InlineData("ATH", null)]
    public void Response_prefix_is_the_extended_command_name(string command, string? prefix) =>
        Assert.Equal(prefix, AtPeiCommandPort.ResponsePrefixOf(command));

    [Fact]
    public async Task Own_identity_answer_stays_with_its_command_although_the_code_is_also_a_urc()
    {
        var urcs = new List<string>();
        _port.UnsolicitedLine += urcs.Add;
        _link.Answer = c => c == "AT+CNUMF?" ? "+CNUMF: 6,2620001234\r\n\r\nOK" : "OK";

        var response = await _port.SendAsync("AT+CNUMF?", TimeSpan.FromSeconds(3), CancellationToken.None).WaitAsync(Safety);

        Assert.True(response.IsOk);
        Assert.Equal(["+CNUMF: 6,2620001234"], response.Lines);
        Assert.Empty(urcs);
    }

    [Fact]
    public async Task Sds_header_and_its_pdu_line_reach_the_driver_as_two_lines_in_order()
    {
        var lines = new List<string>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _port.UnsolicitedLine += line =>
        {
            lines.Add(line);
            if (lines.Count == 3)
            {
                two.TrySetResult();
            }
        };

        _link.Send("\r\n+CTSDSR: 13,2003,0,1001,0,16\r\n8002\r\n\r\n+CTXG: 1,0,0,0\r\n");
        await two.Task.WaitAsync(Safety);

        Assert.Equal(["+CTSDSR: 13,2003,0,1001,0,16", "8002", "+CTXG: 1,0,0,0"], lines);
    }

    [Fact]
    public async Task Error_with_a_number_and_payload_send_map_to_the_pei_response()
    {
        _link.Answer = c => c.StartsWith("AT+CTGS", StringComparison.Ordinal) ? "+CME ERROR: 35" : "OK";
        _link.AnswerPdu = pdu => "+CMGS: 0,4,7\r\n\r\nOK";

        var refused = await _port.SendAsync("AT+CTGS=1,9001", TimeSpan.FromSeconds(3), CancellationToken.None).WaitAsync(Safety);
        var sent = await _port.SendWithPayloadAsync("AT+CMGS=2001,48", "820E01014F4B", TimeSpan.FromSeconds(3), CancellationToken.None).WaitAsync(Safety);

        Assert.Equal(PeiResultKind.Error, refused.Result);
        Assert.Equal(35, refused.ErrorCode);
        Assert.True(sent.IsOk);
        Assert.Equal(["+CMGS: 0,4,7"], sent.Lines);
        Assert.Equal(["820E01014F4B"], _link.Pdus);
    }

    [Fact]
    public async Task A_terminal_over_the_port_gets_its_status_message_mapped_to_an_order_state()
    {
        await using var terminal = new PeiTerminal(_port, new PeiTerminalOptions { Name = "t1" }, TimeProvider.System, NullLogger<PeiTerminal>.Instance, new OrderStatusMap(new OrderStatusOptions()));
        var status = new TaskCompletionSource<PeiStatusEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        terminal.StatusReceived += e => status.TrySetResult(e);

        _link.Send("\r\n+CTSDSR: 13,2003,0,1001,0,16\r\n8002\r\n");
        var received = await status.Task.WaitAsync(Safety);

        Assert.Equal("2003", received.Source);
        Assert.Equal(OrderStatusState.OnScene, received.State);
    }
}
