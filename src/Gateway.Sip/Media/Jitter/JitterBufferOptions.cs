namespace Gateway.Sip.Media.Jitter;

public sealed class JitterBufferOptions
{
    /// <summary>Smallest playout depth in 20 ms frames.</summary>
    public int MinDepthFrames { get; init; } = 1;

    /// <summary>Largest playout depth in 20 ms frames (the added delay never exceeds this).</summary>
    public int MaxDepthFrames { get; init; } = 10;

    /// <summary>Frames the ring can hold ahead of playout; packets further ahead resynchronise the buffer.</summary>
    public int CapacityFrames { get; init; } = 64;

    /// <summary>Lost frames hidden by fading out the last good frame before falling silent.</summary>
    public int ConcealmentFrames { get; init; } = 5;

    /// <summary>Frames between two depth adjustments, so depth changes are rare and inaudible.</summary>
    public int AdjustEveryFrames { get; init; } = 10;

    public int ClockRate { get; init; } = 8000;
}
