using Gateway.Core.Serial;
using Gateway.IntegrationTests.Support;

namespace Gateway.IntegrationTests.Serial;

/// <summary>Raw TCP, as to a Moxa-style device server in TCP server mode.</summary>
public sealed class TcpSerialLinkTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _safetyNet.Dispose();

    [Fact]
    public async Task Echo_command_and_a_urc_after_ok_arrive_over_tcp()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"tcp://127.0.0.1:{simulator.Host.TcpPort}");
        await link.OpenAsync(_safetyNet.Token);

        var echo = await LinkDialog.CommandAsync(link, "AT+ECHO=hello", _safetyNet.Token);
        var urc = await LinkDialog.CommandAsync(link, "AT+URC=ring", _safetyNet.Token, until: "+URC: ring\r\n");

        Assert.Contains("+ECHO: hello\r\n\r\nOK\r\n", echo, StringComparison.Ordinal);
        Assert.True(urc.IndexOf("OK", StringComparison.Ordinal) < urc.IndexOf("+URC: ring", StringComparison.Ordinal), urc);
        Assert.False(link.SupportsControlLines);
    }

    [Fact]
    public async Task Prompt_text_ended_by_ctrl_z_gets_a_message_reference()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"tcp://127.0.0.1:{simulator.Host.TcpPort}");
        await link.OpenAsync(_safetyNet.Token);
        await LinkDialog.CommandAsync(link, "ATE0", _safetyNet.Token);

        await LinkDialog.CommandAsync(link, "AT+CMGS=1001,40", _safetyNet.Token, until: "\r\n> ");
        await link.WriteAsync("hello\x1A"u8.ToArray(), _safetyNet.Token);
        var reply = await LinkDialog.ReadUntilAsync(link, "OK\r\n", _safetyNet.Token);

        Assert.Equal("\r\n+CMGS: 1\r\n\r\nOK\r\n", reply);
    }

    [Fact]
    public async Task Garble_fault_corrupts_the_reply_but_keeps_its_length()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(
            o => o with { TcpPort = 0, Faults = new() { GarbleRate = 1.0, Seed = 7 } },
            _safetyNet.Token);
        await using var link = new SerialLinkFactory().Create($"tcp://127.0.0.1:{simulator.Host.TcpPort}");
        await link.OpenAsync(_safetyNet.Token);
        const string clean = "AT+ECHO=abcdefgh\r\r\n+ECHO: abcdefgh\r\n\r\nOK\r\n";

        await link.WriteAsync("AT+ECHO=abcdefgh\r"u8.ToArray(), _safetyNet.Token);
        var received = new byte[clean.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await link.ReadAsync(received.AsMemory(total), _safetyNet.Token);
            Assert.NotEqual(0, read);
            total += read;
        }

        // Echo plus reply, every byte replaced at random: the same number of bytes, not the clean text.
        Assert.NotEqual(clean, System.Text.Encoding.Latin1.GetString(received));
        Assert.DoesNotContain("+ECHO: abcdefgh", System.Text.Encoding.Latin1.GetString(received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_in_and_out_are_counted_per_link_on_the_serial_meter()
    {
        await using var simulator = await EchoModemSimulator.StartAsync(o => o with { TcpPort = 0 }, _safetyNet.Token);
        var address = $"tcp://127.0.0.1:{simulator.Host.TcpPort}";
        var counted = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SerialLinkMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SerialLinkMetrics.LinkTag && Equals(tag.Value, address))
                {
                    counted.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        await using var link = new SerialLinkFactory().Create(address);
        await link.OpenAsync(_safetyNet.Token);

        var reply = await LinkDialog.CommandAsync(link, "ATE0", _safetyNet.Token);

        Assert.Equal("ATE0\r\r\nOK\r\n", reply);
        Assert.Equal(5, counted.GetValueOrDefault("gateway.serial.bytes_sent"));
        Assert.Equal(reply.Length, counted.GetValueOrDefault("gateway.serial.bytes_received"));
        Assert.Equal(0, counted.GetValueOrDefault("gateway.serial.errors"));
    }
}
