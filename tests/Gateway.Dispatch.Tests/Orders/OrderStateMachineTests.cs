using Gateway.Dispatch.Model;
using Gateway.Dispatch.Orders;

namespace Gateway.Dispatch.Tests.Orders;

public class OrderStateMachineTests
{
    [Theory]
    [InlineData(OrderState.Created, OrderState.Sent)]
    [InlineData(OrderState.Sent, OrderState.Delivered)]
    [InlineData(OrderState.Delivered, OrderState.Acknowledged)]
    [InlineData(OrderState.Sent, OrderState.Acknowledged)]
    [InlineData(OrderState.Created, OrderState.Acknowledged)]
    [InlineData(OrderState.Acknowledged, OrderState.EnRoute)]
    [InlineData(OrderState.EnRoute, OrderState.OnScene)]
    [InlineData(OrderState.Acknowledged, OrderState.OnScene)]
    [InlineData(OrderState.OnScene, OrderState.Completed)]
    [InlineData(OrderState.Completed, OrderState.FeedbackReceived)]
    public void Forward_steps_are_allowed(OrderState from, OrderState to)
    {
        Assert.Equal(TransitionVerdict.Allowed, OrderStateMachine.Check(from, to, unitGoesOnScene: true).Verdict);
    }

    [Theory]
    [InlineData(OrderState.Created, OrderState.OnScene)]
    [InlineData(OrderState.Sent, OrderState.Completed)]
    [InlineData(OrderState.Acknowledged, OrderState.Completed)]
    [InlineData(OrderState.Acknowledged, OrderState.FeedbackReceived)]
    [InlineData(OrderState.OnScene, OrderState.Acknowledged)]
    [InlineData(OrderState.FeedbackReceived, OrderState.Created)]
    [InlineData(OrderState.Delivered, OrderState.Sent)]
    public void Skipping_or_going_back_is_illegal_with_a_reason(OrderState from, OrderState to)
    {
        var check = OrderStateMachine.Check(from, to, unitGoesOnScene: true);

        Assert.Equal(TransitionVerdict.Illegal, check.Verdict);
        Assert.Contains(to.ToString(), check.Reason);
    }

    [Fact]
    public void Repeating_the_current_state_is_reported_as_already_there()
    {
        Assert.Equal(TransitionVerdict.AlreadyThere, OrderStateMachine.Check(OrderState.Acknowledged, OrderState.Acknowledged, true).Verdict);
    }

    [Theory]
    [InlineData(OrderState.EnRoute)]
    [InlineData(OrderState.OnScene)]
    public void Tier_3_units_never_go_on_scene(OrderState to)
    {
        var check = OrderStateMachine.Check(OrderState.Acknowledged, to, unitGoesOnScene: false);

        Assert.Equal(TransitionVerdict.Illegal, check.Verdict);
        Assert.Contains("tier 3", check.Reason);
    }

    [Fact]
    public void Tier_3_units_complete_straight_after_acknowledging()
    {
        Assert.True(OrderStateMachine.Check(OrderState.Acknowledged, OrderState.Completed, unitGoesOnScene: false).IsAllowed);
        Assert.False(OrderStateMachine.Check(OrderState.Acknowledged, OrderState.Completed, unitGoesOnScene: true).IsAllowed);
    }
}
