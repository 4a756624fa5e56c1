namespace Gateway.Sip.Media.Jitter;

/// <summary>What <see cref="AdaptiveJitterBuffer.ReadFrame"/> produced.</summary>
public enum JitterFrameKind
{
    /// <summary>Received audio.</summary>
    Audio,

    /// <summary>A missing frame hidden by repeating the last frame at falling gain.</summary>
    Concealed,

    /// <summary>Nothing to play: not started yet, or loss longer than concealment covers.</summary>
    Silence,
}
