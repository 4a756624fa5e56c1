using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Gateway.Core.Serial;
using Gateway.Core.Serial.Resilience;

namespace Gateway.Core.Tests.Serial;

public sealed class ReconnectingSerialLinkTests : IAsyncDisposable
{
    private static readonly ReconnectOptions ExactBackoff = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(1),
        UseJitter = false,
    };

    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(20));
    private readonly ObservedTimeProvider _time = new();
    private readonly Queue<FakeSerialLink> _plan = new();
    private readonly Channel<FakeSerialLink> _created = Channel.CreateUnbounded<FakeSerialLink>();
    private readonly string _address = "fake://" + Guid.NewGuid().ToString("N");
    private ReconnectingSerialLink? _link;

    private CancellationToken Timeout => _safetyNet.Token;

    public async ValueTask DisposeAsync()
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
        }

        _safetyNet.Dispose();
    }

    [Fact]
    public async Task Open_retries_with_exponential_backoff_capped_at_the_maximum()
    {
        for (var i = 0; i < 5; i++)
        {
            Plan(new FakeSerialLink($"failing{i}", new IOException($"no device {i}")));
        }

        var good = Plan(new FakeSerialLink("good"));
        var link = Create();

        var opening = link.OpenAsync(Timeout).AsTask();
        await NextCreatedAsync();
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var delay = await _time.NextTimerAsync(Timeout);
            delays.Add(delay);
            _time.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.Equal(attempt, CreatedCount);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await NextCreatedAsync();
        }

        await opening;
        Assert.Equal(
            [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)],
            delays);
        Assert.Equal(SerialLinkState.Open, link.State);
        Assert.Equal(0, link.Health.FailedAttempts);
        Assert.Equal("no device 4", link.Health.LastError);
        Assert.False(good.Disposed);
    }

    [Fact]
    public async Task A_lost_link_fails_the_pending_read_then_reopens_and_reads_again()
    {
        var first = Plan(new FakeSerialLink("first"));
        var second = Plan(new FakeSerialLink("second"));
        var link = Create();
        await link.OpenAsync(Timeout);
        await NextCreatedAsync();
        var states = new List<SerialLinkState>();
        link.StateChanged += states.Add;
        var buffer = new byte[64];

        var pendingRead = link.ReadAsync(buffer, Timeout).AsTask();
        first.CloseFromPeer();

        await Assert.ThrowsAsync<SerialLinkLostException>(() => pendingRead);
        // The first attempt after a loss is immediate; only failures back off.
        Assert.Same(second, await NextCreatedAsync());
        var nextRead = link.ReadAsync(buffer, Timeout).AsTask();
        second.Deliver("OK\r\n");
        var read = await nextRead;

        Assert.Equal("OK\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal([SerialLinkState.Faulted, SerialLinkState.Open], states);
        Assert.True(first.Disposed);
        Assert.Equal(1, link.Health.Reconnects);
    }

    [Fact]
    public async Task Writes_fail_fast_while_the_link_is_down()
    {
        var first = Plan(new FakeSerialLink("first"));
        Plan(new FakeSerialLink("down", new IOException("connection refused")));
        var link = Create();
        await link.OpenAsync(Timeout);
        await NextCreatedAsync();

        first.Fault();
        await NextCreatedAsync();
        await _time.NextTimerAsync(Timeout);

        var error = await Assert.ThrowsAsync<SerialLinkUnavailableException>(() => link.WriteAsync("AT\r"u8.ToArray(), Timeout).AsTask());
        Assert.Equal(SerialLinkState.Faulted, error.State);
        Assert.Equal(SerialLinkState.Faulted, link.Health.State);
        Assert.Equal("connection refused", link.Health.LastError);
        Assert.Equal(1, link.Health.FailedAttempts);
    }

    [Fact]
    public async Task Rts_and_dtr_set_by_the_caller_are_restored_after_a_reopen()
    {
        var first = Plan(new FakeSerialLink("first"));
        var second = Plan(new FakeSerialLink("second"));
        var link = Create();
        await link.OpenAsync(Timeout);
        await NextCreatedAsync();
        await link.SetControlLinesAsync(rts: true, dtr: null, Timeout);
        await link.SetControlLinesAsync(rts: null, dtr: false, Timeout);
        var reopened = WaitForStateAsync(link, SerialLinkState.Open);

        first.Fault();
        await NextCreatedAsync();
        await reopened;

        Assert.Equal([(true, (bool?)null), (null, false)], first.ControlCalls);
        Assert.Equal([(true, (bool?)false)], second.ControlCalls);
    }

    [Fact]
    public async Task Input_lines_are_forwarded_and_cleared_when_the_link_is_lost()
    {
        var first = Plan(new FakeSerialLink("first"));
        Plan(new FakeSerialLink("down", new IOException("gone")));
        var link = Create();
        await link.OpenAsync(Timeout);
        await NextCreatedAsync();
        var seen = new List<ModemInputLines>();
        link.InputLinesChanged += seen.Add;

        first.SetInputLines(ModemInputLines.Cts | ModemInputLines.Dcd);
        first.Fault();

        Assert.Equal([ModemInputLines.Cts | ModemInputLines.Dcd, ModemInputLines.None], seen);
        Assert.Equal(ModemInputLines.None, link.InputLines);
    }

    [Fact]
    public async Task Disposing_stops_the_retries()
    {
        Plan(new FakeSerialLink("down0", new IOException("gone")));
        Plan(new FakeSerialLink("down1", new IOException("gone")));
        var link = Create();
        var opening = link.OpenAsync(Timeout).AsTask();
        await NextCreatedAsync();
        await _time.NextTimerAsync(Timeout);

        await link.DisposeAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => opening);
        Assert.Equal(1, CreatedCount);
        Assert.Equal(SerialLinkState.Closed, link.State);
    }

    [Fact]
    public async Task Reconnects_are_counted_on_the_serial_meter_with_the_link_address()
    {
        var reconnects = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SerialLinkMetrics.MeterName && instrument.Name == "gateway.serial.reconnects")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SerialLinkMetrics.LinkTag && Equals(tag.Value, _address))
                {
                    Interlocked.Add(ref reconnects, value);
                }
            }
        });
        listener.Start();
        var first = Plan(new FakeSerialLink("first"));
        Plan(new FakeSerialLink("second"));
        var link = Create();
        await link.OpenAsync(Timeout);
        await NextCreatedAsync();
        var reopened = WaitForStateAsync(link, SerialLinkState.Open);

        first.Fault();
        await reopened;

        Assert.Equal(1, Interlocked.Read(ref reconnects));
    }

    private int CreatedCount { get; set; }

    private FakeSerialLink Plan(FakeSerialLink link)
    {
        _plan.Enqueue(link);
        return link;
    }

    private ReconnectingSerialLink Create()
    {
        _link = new ReconnectingSerialLink(
            _address,
            () =>
            {
                var next = _plan.Dequeue();
                CreatedCount++;
                _created.Writer.TryWrite(next);
                return next;
            },
            ExactBackoff,
            _time);
        return _link;
    }

    private async Task<FakeSerialLink> NextCreatedAsync() => await _created.Reader.ReadAsync(Timeout);

    private Task WaitForStateAsync(ReconnectingSerialLink link, SerialLinkState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.StateChanged += s =>
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        };
        return reached.Task.WaitAsync(Timeout);
    }
}
