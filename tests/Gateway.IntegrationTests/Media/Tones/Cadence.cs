namespace Gateway.IntegrationTests.Media.Tones;

/// <summary>Tone bursts and silences in decoded 8 kHz audio, found on 5 ms blocks by their level.</summary>
internal static class Cadence
{
    private const int BlockSamples = 40;
    // Our tones are about 9,000 peak (6,400 RMS); G.711 silence decodes to single digits.
    private const double OnRms = 1000;

    public sealed record Run(bool On, int Samples)
    {
        public double Seconds => Samples / 8000.0;
    }

    public static List<Run> Runs(ReadOnlySpan<short> pcm)
    {
        var runs = new List<Run>();
        for (int start = 0; start + BlockSamples <= pcm.Length; start += BlockSamples)
        {
            double energy = 0;
            foreach (short sample in pcm.Slice(start, BlockSamples)) energy += (double)sample * sample;
            bool on = Math.Sqrt(energy / BlockSamples) > OnRms;
            if (runs.Count > 0 && runs[^1].On == on) runs[^1] = runs[^1] with { Samples = runs[^1].Samples + BlockSamples };
            else runs.Add(new Run(on, BlockSamples));
        }
        return runs;
    }

    public static string Describe(IEnumerable<Run> runs) => string.Join(", ", runs.Select(r => $"{(r.On ? "on" : "off")} {r.Seconds:F3} s"));
}
