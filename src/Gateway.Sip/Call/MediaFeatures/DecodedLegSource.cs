using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Jitter;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>What a decoded leg received, as a frame source for the recorder (silence while nothing arrives).</summary>
public sealed class DecodedLegSource(DecodedLegInput input) : IAudioFrameSource
{
    public bool ReadFrame(Span<short> frame)
    {
        input.ReadFrame(frame);
        return true;
    }
}
