namespace Gateway.Sip.Media.Tones;

/// <summary>A continuous sine at any frequency with a phase that carries across frames (no clicks).</summary>
public sealed class SineGenerator
{
    private readonly double _phaseStep;
    private double _phase;

    public SineGenerator(double frequencyHz, short amplitude, int sampleRate = 8000)
    {
        if (frequencyHz <= 0 || frequencyHz >= sampleRate / 2.0) throw new ArgumentOutOfRangeException(nameof(frequencyHz), "Frequency must lie between 0 and Nyquist.");
        FrequencyHz = frequencyHz;
        Amplitude = amplitude;
        _phaseStep = 2 * Math.PI * frequencyHz / sampleRate;
    }

    public double FrequencyHz { get; }

    public short Amplitude { get; }

    public void Read(Span<short> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Round(Amplitude * Math.Sin(_phase));
            _phase += _phaseStep;
            if (_phase >= 2 * Math.PI) _phase -= 2 * Math.PI;
        }
    }

    /// <summary>Restarts at phase zero (a tone burst starting at a zero crossing).</summary>
    public void Reset() => _phase = 0;
}
