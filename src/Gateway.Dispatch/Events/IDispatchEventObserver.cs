namespace Gateway.Dispatch.Events;

/// <summary>
/// Receives every event once it is durable, in sequence order, on the journal writer's thread:
/// implementations must hand off quickly (e.g. into a per-client channel).
/// </summary>
public interface IDispatchEventObserver
{
    void OnCommitted(IReadOnlyList<DispatchEvent> events);
}
