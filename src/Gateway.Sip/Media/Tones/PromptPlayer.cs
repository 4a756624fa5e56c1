using Gateway.Sip.Media.Audio;

namespace Gateway.Sip.Media.Tones;

/// <summary>Plays a <see cref="WavPrompt"/> frame by frame, once or looped (hold music).</summary>
public sealed class PromptPlayer : IAudioFrameSource
{
    private readonly WavPrompt _prompt;
    private readonly bool _loop;
    private int _position;

    public PromptPlayer(WavPrompt prompt, bool loop = false)
    {
        _prompt = prompt;
        _loop = loop;
    }

    public bool IsFinished => !_loop && _position >= _prompt.Samples.Length;

    public bool ReadFrame(Span<short> frame)
    {
        ReadOnlySpan<short> samples = _prompt.Samples.Span;
        int written = 0;
        while (written < frame.Length)
        {
            if (_position >= samples.Length)
            {
                if (!_loop || samples.IsEmpty)
                {
                    frame[written..].Clear();
                    return written > 0;
                }

                _position = 0;
            }

            int count = Math.Min(frame.Length - written, samples.Length - _position);
            samples.Slice(_position, count).CopyTo(frame[written..]);
            written += count;
            _position += count;
        }

        return true;
    }
}
