namespace Gateway.Fax.Jobs;

public enum FaxJobStatus
{
    /// <summary>Accepted and journaled; waiting for its destination and a free modem.</summary>
    Queued,

    /// <summary>A modem is calling.</summary>
    Sending,

    /// <summary>The last attempt failed in a way a later call may fix; waiting for the back-off.</summary>
    RetryWaiting,

    /// <summary><c>+FHS:00</c> with every page confirmed.</summary>
    Delivered,

    /// <summary>Gave up: a failure no retry fixes, or retries used up.</summary>
    Failed,
}
