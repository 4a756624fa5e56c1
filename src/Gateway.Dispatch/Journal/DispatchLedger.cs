using Gateway.Dispatch.Engine;
using Gateway.Dispatch.Events;

namespace Gateway.Dispatch.Journal;

/// <summary>
/// Turns decisions into journaled events: numbers them, applies them to the state and queues them for
/// the writer, all under <see cref="Gate"/> so sequence order, state order and journal order agree.
/// Callers await the returned task before anything leaves the engine (result, send).
/// </summary>
internal sealed class DispatchLedger(DispatchState state, JournalWriter writer, TimeProvider time)
{
    public Lock Gate { get; } = new();

    public DispatchState State { get; } = state;

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Must be called holding <see cref="Gate"/>.</summary>
    public Task Record(IReadOnlyList<DispatchEventBody> bodies)
    {
        if (bodies.Count == 0)
        {
            return Task.CompletedTask;
        }
        var at = Now;
        var events = new DispatchEvent[bodies.Count];
        for (var i = 0; i < bodies.Count; i++)
        {
            events[i] = new DispatchEvent(State.LastSequence + 1, at, bodies[i]);
            State.Apply(events[i]);
        }
        return writer.Append(events);
    }

    public Task Record(DispatchEventBody body) => Record([body]);
}
