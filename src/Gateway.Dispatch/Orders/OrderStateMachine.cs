using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Orders;

public enum TransitionVerdict
{
    Allowed,
    /// <summary>The order is already in that state (e.g. the same 签收 over radio and terminal).</summary>
    AlreadyThere,
    Illegal,
}

public readonly record struct TransitionCheck(TransitionVerdict Verdict, string? Reason)
{
    public bool IsAllowed => Verdict == TransitionVerdict.Allowed;
}

/// <summary>
/// Which status may follow which. An acknowledgement implies delivery, so it may skip Sent/Delivered
/// (a fast unit can answer before the channel reports); on-scene steps need a unit that goes on scene.
/// </summary>
public static class OrderStateMachine
{
    public static TransitionCheck Check(OrderState from, OrderState to, bool unitGoesOnScene)
    {
        if (from == to)
        {
            return new(TransitionVerdict.AlreadyThere, $"order is already {to}");
        }
        if (!unitGoesOnScene && to is OrderState.EnRoute or OrderState.OnScene)
        {
            return new(TransitionVerdict.Illegal, $"a tier 3 unit never goes on scene, so {to} is not possible");
        }
        var allowed = to switch
        {
            OrderState.Sent => from == OrderState.Created,
            OrderState.Delivered => from is OrderState.Created or OrderState.Sent,
            OrderState.Acknowledged => from is OrderState.Created or OrderState.Sent or OrderState.Delivered,
            OrderState.EnRoute => from == OrderState.Acknowledged,
            OrderState.OnScene => from is OrderState.Acknowledged or OrderState.EnRoute,
            OrderState.Completed => unitGoesOnScene ? from == OrderState.OnScene : from == OrderState.Acknowledged,
            OrderState.FeedbackReceived => from == OrderState.Completed,
            _ => false,
        };
        if (allowed)
        {
            return new(TransitionVerdict.Allowed, null);
        }
        return from > to
            ? new(TransitionVerdict.Illegal, $"order is already {from}; {to} would go backwards")
            : new(TransitionVerdict.Illegal, $"{to} cannot follow {from}");
    }
}
