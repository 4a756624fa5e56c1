namespace Gateway.Sip.Tests.Media;

/// <summary>Signal measurements for tests.</summary>
internal static class AudioAssert
{
    /// <summary>Amplitude of one frequency component (Goertzel), in sample units.</summary>
    public static double ToneAmplitude(ReadOnlySpan<short> samples, double frequencyHz, int sampleRate = 8000)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (short sample in samples)
        {
            double current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }

    public static short[] Sine(double frequencyHz, short amplitude, int count, int sampleRate = 8000, int offset = 0)
    {
        var samples = new short[count];
        for (int i = 0; i < count; i++) samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequencyHz * (i + offset) / sampleRate));
        return samples;
    }
}
