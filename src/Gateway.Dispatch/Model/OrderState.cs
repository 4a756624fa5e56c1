namespace Gateway.Dispatch.Model;

/// <summary>Life of an order: 签收 = Acknowledged, 到场 = OnScene, 处结 = Completed, 反馈 = FeedbackReceived.</summary>
public enum OrderState
{
    Created,
    Sent,
    Delivered,
    Acknowledged,
    EnRoute,
    OnScene,
    Completed,
    FeedbackReceived,
}

public enum AttemptState
{
    /// <summary>Journaled, the send not yet confirmed.</summary>
    Pending,
    /// <summary>The channel took the message.</summary>
    Sent,
    /// <summary>After a restart nobody knows whether the pending send reached the channel.</summary>
    Unknown,
    Failed,
    TimedOut,
    Delivered,
    Acknowledged,
}
