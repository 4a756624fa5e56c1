namespace Gateway.IntegrationTests.Media.Tones;

/// <summary>
/// How well 8 kHz audio is a sum of sines at known frequencies: each one's amplitude and phase are fitted (projection on
/// sine and cosine over whole cycles), whatever is left is noise. Phase-free, so a resampler's fractional delay does
/// not count as error.
/// </summary>
internal static class SineFit
{
    /// <param name="pcm">A block lasting a whole number of cycles of every frequency (e.g. 1 s for integer Hz).</param>
    public static (double SnrDb, double[] Amplitudes) Of(ReadOnlySpan<short> pcm, params double[] frequencies)
    {
        var fitted = new double[pcm.Length];
        var amplitudes = new double[frequencies.Length];
        for (int f = 0; f < frequencies.Length; f++)
        {
            double step = 2 * Math.PI * frequencies[f] / 8000, sine = 0, cosine = 0;
            for (int i = 0; i < pcm.Length; i++)
            {
                sine += pcm[i] * Math.Sin(step * i);
                cosine += pcm[i] * Math.Cos(step * i);
            }
            sine *= 2.0 / pcm.Length;
            cosine *= 2.0 / pcm.Length;
            amplitudes[f] = Math.Sqrt((sine * sine) + (cosine * cosine));
            for (int i = 0; i < pcm.Length; i++) fitted[i] += (sine * Math.Sin(step * i)) + (cosine * Math.Cos(step * i));
        }
        double signal = 0, noise = 0;
        for (int i = 0; i < pcm.Length; i++)
        {
            signal += fitted[i] * fitted[i];
            double error = pcm[i] - fitted[i];
            noise += error * error;
        }
        return (noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise), amplitudes);
    }
}
