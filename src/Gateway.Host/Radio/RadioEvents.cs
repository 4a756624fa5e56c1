using System.Text.Json.Serialization;

namespace Gateway.Host.Radio;

[JsonConverter(typeof(JsonStringEnumConverter<RadioEventKind>))]
public enum RadioEventKind
{
    /// <summary>A text went out (every part accepted by the terminal).</summary>
    Sent,
    Delivered,
    Consumed,
    Failed,
    Status,
}

/// <summary>Something the radio side saw, as the API shows it.</summary>
public sealed record RadioEvent(
    long Sequence,
    DateTimeOffset At,
    RadioEventKind Kind,
    string Terminal,
    string? Unit,
    string? SendId,
    IReadOnlyList<int>? References,
    string? State,
    int? StatusValue,
    string? Detail);

/// <summary>The last few thousand radio events, for <c>GET /api/radio/events</c>.</summary>
public sealed class RadioEventLog(TimeProvider time)
{
    private const int Capacity = 4096;
    private readonly Queue<RadioEvent> _events = new();
    private readonly Lock _gate = new();
    private long _sequence;

    public event Action<RadioEvent>? Added;

    public RadioEvent Add(RadioEventKind kind, string terminal, string? unit, string? sendId, IReadOnlyList<int>? references = null, string? state = null, int? statusValue = null, string? detail = null)
    {
        RadioEvent added;
        lock (_gate)
        {
            added = new RadioEvent(++_sequence, time.GetUtcNow(), kind, terminal, unit, sendId, references, state, statusValue, detail);
            _events.Enqueue(added);
            if (_events.Count > Capacity)
                _events.Dequeue();
        }

        Added?.Invoke(added);
        return added;
    }

    public IReadOnlyList<RadioEvent> Since(long sequence, string? sendId = null)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Sequence > sequence && (sendId is null || e.SendId == sendId)).ToArray();
        }
    }
}
