using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Gateway.Host.Metrics;

/// <summary>
/// Listens to every System.Diagnostics.Metrics instrument of the gateway's meters and renders
/// them in the Prometheus text format for <c>GET /metrics</c>. Recording an already-seen series
/// allocates nothing (series are found by comparing tags in place), so counters on hot paths
/// stay cheap.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Func<Meter, bool> _meterFilter;
    private readonly List<InstrumentState> _instruments = [];
    private readonly Lock _instrumentsLock = new();

    public PrometheusMetricsCollector(Func<Meter, bool>? meterFilter = null)
    {
        _meterFilter = meterFilter ?? (m => m.Name.StartsWith("Gateway", StringComparison.Ordinal));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meterFilter(instrument.Meter))
                return;
            var state = new InstrumentState(instrument);
            lock (_instrumentsLock)
                _instruments.Add(state);
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_instrumentsLock)
                _instruments.Remove((InstrumentState)state!);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.Start();
    }

    /// <summary>Renders every series in Prometheus text exposition format 0.0.4.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        InstrumentState[] snapshot;
        lock (_instrumentsLock)
            snapshot = [.. _instruments];
        var text = new StringBuilder();
        foreach (var group in snapshot.GroupBy(s => s.MetricName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            if (!string.IsNullOrEmpty(first.Instrument.Description))
                text.Append("# HELP ").Append(first.MetricName).Append(' ').Append(EscapeHelp(first.Instrument.Description)).Append('\n');
            text.Append("# TYPE ").Append(first.MetricName).Append(' ').Append(first.PrometheusType).Append('\n');
            foreach (var state in group)
                state.Render(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    internal static string MetricNameOf(Instrument instrument)
    {
        var raw = instrument.Name;
        var name = new StringBuilder(raw.Length + 8);
        foreach (var c in raw)
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        if (name.Length > 0 && char.IsAsciiDigit(name[0]))
            name.Insert(0, '_');
        if (IsCounter(instrument) && !raw.EndsWith("_total", StringComparison.Ordinal))
            name.Append("_total");
        return name.ToString();
    }

    private static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>);
    }

    private static bool IsHistogram(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
    }

    private static bool IsCumulative(Instrument instrument)
    {
        // Observable instruments report the current total or value; the others report deltas.
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return generic == typeof(ObservableCounter<>) || generic == typeof(ObservableGauge<>)
            || generic == typeof(ObservableUpDownCounter<>) || generic == typeof(Gauge<>);
    }

    private static string EscapeHelp(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string EscapeLabel(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private sealed class InstrumentState(Instrument instrument)
    {
        private readonly List<Series> _series = [];
        private readonly Lock _lock = new();
        private readonly bool _histogram = IsHistogram(instrument);
        private readonly bool _cumulative = IsCumulative(instrument);

        public Instrument Instrument { get; } = instrument;
        public string MetricName { get; } = MetricNameOf(instrument);
        public string PrometheusType => _histogram ? "histogram" : IsCounter(Instrument) ? "counter" : "gauge";

        public void Record<T>(T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct, IConvertible
        {
            var v = value.ToDouble(CultureInfo.InvariantCulture);
            lock (_lock)
            {
                var series = Find(tags);
                if (_histogram)
                {
                    series.Count++;
                    series.Value += v;
                    for (var b = 0; b < DefaultBuckets.Length; b++)
                        if (v <= DefaultBuckets[b])
                            series.Buckets![b]++;
                }
                else if (_cumulative)
                {
                    series.Value = v;
                }
                else
                {
                    series.Value += v;
                }
            }
        }

        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var s in _series)
                if (s.Matches(tags))
                    return s;
            var created = new Series(tags.ToArray(), _histogram ? new long[DefaultBuckets.Length] : null);
            _series.Add(created);
            return created;
        }

        public void Render(StringBuilder text)
        {
            lock (_lock)
            {
                foreach (var s in _series)
                {
                    var labels = s.Labels();
                    if (_histogram)
                    {
                        for (var b = 0; b < DefaultBuckets.Length; b++)
                        {
                            var le = $"le=\"{DefaultBuckets[b].ToString(CultureInfo.InvariantCulture)}\"";
                            text.Append(MetricName).Append("_bucket{").Append(labels).Append(labels.Length > 0 ? "," : "").Append(le).Append("} ")
                                .Append(s.Buckets![b].ToString(CultureInfo.InvariantCulture)).Append('\n');
                        }
                        text.Append(MetricName).Append("_bucket{").Append(labels).Append(labels.Length > 0 ? "," : "").Append("le=\"+Inf\"} ")
                            .Append(s.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                        text.Append(MetricName).Append("_sum").Append(Braces(labels)).Append(' ').Append(Format(s.Value)).Append('\n');
                        text.Append(MetricName).Append("_count").Append(Braces(labels)).Append(' ').Append(s.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                    else
                    {
                        text.Append(MetricName).Append(Braces(labels)).Append(' ').Append(Format(s.Value)).Append('\n');
                    }
                }
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

        private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class Series(KeyValuePair<string, object?>[] tags, long[]? buckets)
    {
        public double Value;
        public long Count;
        public long[]? Buckets { get; } = buckets;

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
                return false;
            for (var i = 0; i < tags.Length; i++)
                if (!string.Equals(tags[i].Key, other[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, other[i].Value))
                    return false;
            return true;
        }

        public string Labels()
        {
            var text = new StringBuilder();
            foreach (var (key, value) in tags)
            {
                if (text.Length > 0)
                    text.Append(',');
                foreach (var c in key)
                    text.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
                text.Append("=\"").Append(EscapeLabel(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
            }
            return text.ToString();
        }
    }
}
