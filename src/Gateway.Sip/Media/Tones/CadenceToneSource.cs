using Gateway.Sip.Media.Audio;

namespace Gateway.Sip.Media.Tones;

/// <summary>A tone switched on and off in a repeating cadence (ringback, busy, congestion).</summary>
public sealed class CadenceToneSource : IAudioFrameSource
{
    private readonly SineGenerator _tone;
    private readonly int _onSamples;
    private readonly int _periodSamples;
    private int _position;

    public CadenceToneSource(double frequencyHz, TimeSpan on, TimeSpan off, short amplitude = ChineseTones.DefaultAmplitude, int sampleRate = 8000)
    {
        if (on <= TimeSpan.Zero || off < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(on));
        _tone = new SineGenerator(frequencyHz, amplitude, sampleRate);
        _onSamples = (int)Math.Round(on.TotalSeconds * sampleRate);
        _periodSamples = _onSamples + (int)Math.Round(off.TotalSeconds * sampleRate);
        On = on;
        Off = off;
    }

    public TimeSpan On { get; }

    public TimeSpan Off { get; }

    public bool ReadFrame(Span<short> frame)
    {
        int index = 0;
        while (index < frame.Length)
        {
            if (_position == 0) _tone.Reset();
            int run;
            if (_position < _onSamples)
            {
                run = Math.Min(_onSamples - _position, frame.Length - index);
                _tone.Read(frame.Slice(index, run));
            }
            else
            {
                run = Math.Min(_periodSamples - _position, frame.Length - index);
                frame.Slice(index, run).Clear();
            }

            index += run;
            _position = (_position + run) % _periodSamples;
        }

        return true;   // cadences repeat until the caller stops them
    }
}
