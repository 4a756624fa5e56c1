namespace Gateway.IntegrationTests.Radio;

/// <summary>How much of a signal's energy lies at one frequency (a single DFT bin by the Goertzel recursion).</summary>
internal static class ToneMeter
{
    /// <summary>Share (0–1) of the energy of <paramref name="samples"/> at <paramref name="frequency"/> Hz.</summary>
    public static double ShareAt(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0, total = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
            total += (double)sample * sample;
        }

        var binPower = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        // A pure tone of N samples puts N/2 · Σx² into its bin's power (Parseval), hence the scale.
        return total == 0 ? 0 : binPower / (samples.Length / 2.0 * total);
    }

    /// <summary>16-bit samples of a sine (amplitude about −10 dBFS), then silence.</summary>
    public static short[] Tone(double frequency, TimeSpan tone, TimeSpan silenceAfter = default, int sampleRate = 8000)
    {
        var toneSamples = (int)(tone.TotalSeconds * sampleRate);
        var samples = new short[toneSamples + (int)(silenceAfter.TotalSeconds * sampleRate)];
        for (var i = 0; i < toneSamples; i++)
        {
            samples[i] = (short)(10_000 * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }
}
