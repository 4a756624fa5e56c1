using System.Diagnostics.Metrics;
using Gateway.Host.Metrics;

namespace Gateway.Host.Tests;

public sealed class PrometheusMetricsCollectorTests
{
    [Fact]
    public void Counters_sum_per_label_set_and_histograms_bucket()
    {
        var meterName = "Gateway.Test." + Guid.NewGuid().ToString("N");
        using var collector = new PrometheusMetricsCollector(m => m.Name == meterName);
        using var meter = new Meter(meterName);
        var bytes = meter.CreateCounter<long>("serial.bytes_in", description: "Bytes read");
        var latency = meter.CreateHistogram<double>("order.latency");

        bytes.Add(10, new KeyValuePair<string, object?>("link", "tcp://a"));
        bytes.Add(5, new KeyValuePair<string, object?>("link", "tcp://a"));
        bytes.Add(7, new KeyValuePair<string, object?>("link", "tcp://\"b\""));
        latency.Record(0.0007);
        latency.Record(3);

        var text = collector.Render();
        Assert.Contains("# TYPE serial_bytes_in_total counter", text);
        Assert.Contains("serial_bytes_in_total{link=\"tcp://a\"} 15", text);
        Assert.Contains("serial_bytes_in_total{link=\"tcp://\\\"b\\\"\"} 7", text);
        Assert.Contains("order_latency_bucket{le=\"0.001\"} 1", text);
        Assert.Contains("order_latency_bucket{le=\"+Inf\"} 2", text);
        Assert.Contains("order_latency_count 2", text);
    }
}
