using System.Numerics;

namespace Gateway.IntegrationTests.Media.Support;

/// <summary>Magnitude spectrum of 8 kHz PCM (Hann window, radix-2 FFT) to check which tones a leg hears.</summary>
internal sealed class ToneSpectrum
{
    private const int SampleRate = 8000;
    private readonly double[] _magnitude;

    private ToneSpectrum(double[] magnitude)
    {
        _magnitude = magnitude;
    }

    public int Size => _magnitude.Length * 2;

    /// <summary>Analyses the last power-of-two block of <paramref name="samples"/> of length <paramref name="size"/>.</summary>
    public static ToneSpectrum Of(ReadOnlySpan<short> samples, int size = 4096)
    {
        if (samples.Length < size) throw new ArgumentException($"Need {size} samples, got {samples.Length}.", nameof(samples));
        var block = samples[^size..];
        var data = new Complex[size];
        for (int i = 0; i < size; i++)
        {
            double window = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (size - 1));
            data[i] = new Complex(block[i] * window, 0);
        }

        Transform(data);
        var magnitude = new double[size / 2];
        for (int i = 0; i < magnitude.Length; i++) magnitude[i] = data[i].Magnitude;
        return new ToneSpectrum(magnitude);
    }

    /// <summary>Level of the strongest bin within ±15 Hz of <paramref name="frequency"/>, in dB relative to the strongest bin overall.</summary>
    public double LevelDb(double frequency)
    {
        double binWidth = (double)SampleRate / Size;
        int centre = (int)Math.Round(frequency / binWidth);
        int reach = (int)Math.Ceiling(15 / binWidth);
        double peak = 0;
        for (int bin = Math.Max(1, centre - reach); bin <= Math.Min(_magnitude.Length - 1, centre + reach); bin++) peak = Math.Max(peak, _magnitude[bin]);
        return ToDb(peak);
    }

    /// <summary>The strongest level in dB (relative to the overall peak) outside ±40 Hz of all <paramref name="tones"/> and above 100 Hz.</summary>
    public double StrongestElsewhereDb(params double[] tones)
    {
        double binWidth = (double)SampleRate / Size;
        double strongest = 0;
        for (int bin = (int)(100 / binWidth); bin < _magnitude.Length; bin++)
        {
            double frequency = bin * binWidth;
            if (tones.Any(t => Math.Abs(t - frequency) <= 40)) continue;
            strongest = Math.Max(strongest, _magnitude[bin]);
        }

        return ToDb(strongest);
    }

    private double ToDb(double value) => 20 * Math.Log10(Math.Max(value, 1e-9) / Math.Max(_magnitude.Max(), 1e-9));

    private static void Transform(Complex[] data)
    {
        int n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (data[i], data[j]) = (data[j], data[i]);
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            var step = Complex.FromPolarCoordinates(1, -2 * Math.PI / length);
            for (int start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (int k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + length / 2] * w;
                    data[start + k] = even + odd;
                    data[start + k + length / 2] = even - odd;
                    w *= step;
                }
            }
        }
    }
}
