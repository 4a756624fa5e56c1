using Gateway.Core.At;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Radio.Tests.AtPort;

public sealed class SupervisedPeiTerminalTests : IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);
    private readonly ScriptedPeiLink _link = new();
    private AtCommandChannel _channel = null!;
    private SupervisedPeiTerminal _terminal = null!;
    private int _nextReference;

    public async Task InitializeAsync()
    {
        _link.Answer = command => command switch
        {
            "AT+CNUMF?" => "+CNUMF: 6,1001\r\n\r\nOK",
            "AT+CMGS=?" => "+CMGS: (0-2047)\r\n\r\nOK",
            _ => "OK",
        };
        _link.AnswerPdu = AcceptAndReportReceived;
        await _link.OpenAsync();
        _channel = new AtCommandChannel(_link, new AtChannelOptions());
        _terminal = new SupervisedPeiTerminal(_channel, new PeiTerminalOptions { Name = "t1", Talkgroup = "9001" }, TimeProvider.System, NullLoggerFactory.Instance);
        _channel.Start();
    }

    public async Task DisposeAsync()
    {
        await _terminal.DisposeAsync();
        await _channel.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task Start_up_runs_the_pei_sequence_and_reports_ready_with_the_own_identity()
    {
        await _terminal.StartAsync(CancellationToken.None).WaitAsync(Safety);

        Assert.Equal([.. PeiCommands.StartUp, "AT+CTGS=1,9001"], _link.Commands);
        var health = _terminal.Health;
        Assert.Equal(PeiTerminalReadiness.Ready, health.Readiness);
        Assert.Equal("1001", health.OwnIdentity);
        Assert.Equal(1, health.StartUps);
    }

    [Fact]
    public async Task Start_up_failure_is_reported_in_health()
    {
        _link.Answer = command => command == "AT+CTOM=0" ? "+CME ERROR: 3" : "OK";

        await Assert.ThrowsAsync<PeiCommandException>(() => _terminal.StartAsync(CancellationToken.None).WaitAsync(Safety));

        Assert.Equal(PeiTerminalReadiness.StartUpFailed, _terminal.Health.Readiness);
        Assert.Contains("AT+CTOM=0", _terminal.Health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_idempotency_key_sends_the_text_once()
    {
        await _terminal.StartAsync(CancellationToken.None).WaitAsync(Safety);

        var first = await _terminal.SendTextAsync("order-1", "2001", "OK", CancellationToken.None).WaitAsync(Safety);
        var second = await _terminal.SendTextAsync("order-1", "2001", "OK", CancellationToken.None).WaitAsync(Safety);

        Assert.Equal(SdsSendOutcome.Received, first.Outcome);
        Assert.Same(first, second);
        Assert.Single(_link.Pdus);
    }

    [Fact]
    public async Task Link_lost_during_a_send_reruns_start_up_and_sends_the_text_exactly_once_more()
    {
        await _terminal.StartAsync(CancellationToken.None).WaitAsync(Safety);
        var dropped = false;
        _link.AnswerPdu = pdu =>
        {
            if (dropped)
            {
                return AcceptAndReportReceived(pdu);
            }

            // The port vanishes with the PDU written and no answer.
            dropped = true;
            _ = Task.Run(_link.Drop);
            return null;
        };
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _channel.LinkLost += _ => lost.TrySetResult();
        _terminal.HealthChanged += h =>
        {
            if (h.StartUps == 2)
            {
                restarted.TrySetResult();
            }
        };

        var send = _terminal.SendTextAsync("order-2", "2001", "火灾", CancellationToken.None);
        await lost.Task.WaitAsync(Safety);
        Assert.Equal(PeiTerminalReadiness.LinkDown, _terminal.Health.Readiness);
        _link.Reopen();
        await restarted.Task.WaitAsync(Safety);
        var result = await send.WaitAsync(Safety);

        Assert.Equal(SdsSendOutcome.Received, result.Outcome);
        Assert.Equal(2, _link.Pdus.Count); // the lost one and the single re-send
        Assert.Equal(2, _link.Commands.Count(c => c == "AT+CTOM=0"));
        Assert.Equal(PeiTerminalReadiness.Ready, _terminal.Health.Readiness);
    }

    /// <summary>Accepts the PDU with a +CMGS answer, then the unit reports "received" for its reference.</summary>
    private string AcceptAndReportReceived(string pdu)
    {
        var reference = pdu.Substring(4, 2);
        var instance = Interlocked.Increment(ref _nextReference);
        _ = Task.Run(() => _link.Send($"\r\n+CTSDSR: 12,2001,0,1001,0,32\r\n821000{reference}\r\n"));
        return $"+CMGS: {instance},4,{Convert.ToInt32(reference, 16)}\r\n\r\nOK";
    }
}
