using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Tones;

namespace Gateway.Sip.Call;

/// <summary>A steady test tone that never ends (the "answer here" route plays it until hang-up).</summary>
public sealed class ContinuousTone(double frequencyHz = ChineseTones.FrequencyHz, short amplitude = ChineseTones.DefaultAmplitude) : IAudioFrameSource
{
    private readonly SineGenerator _sine = new(frequencyHz, amplitude);

    public bool ReadFrame(Span<short> frame)
    {
        _sine.Read(frame);
        return true;
    }
}
