using NAudio.Wave;

namespace Gateway.IntegrationTests.Media;

/// <summary>Test signals (non-periodic chirps, so alignment by cross-correlation is unambiguous) and their measurement.</summary>
internal static class TestSignals
{
    public const int SampleRate = 8000;

    /// <summary>A linear sweep from <paramref name="fromHz"/> to <paramref name="toHz"/>, faded in and out over 10 ms.</summary>
    public static short[] Chirp(double seconds, double fromHz, double toHz, double amplitude = 0.4)
    {
        var samples = new short[(int)(seconds * SampleRate)];
        double phase = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / samples.Length;
            phase += 2 * Math.PI * (fromHz + ((toHz - fromHz) * t)) / SampleRate;
            var fade = Math.Min(1, Math.Min(i, samples.Length - 1 - i) / 80.0);
            samples[i] = (short)Math.Round(amplitude * fade * short.MaxValue * Math.Sin(phase));
        }
        return samples;
    }

    public static void WriteWav(string path, short[] samples, int sampleRate = SampleRate)
    {
        using var writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, 1));
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        writer.Write(bytes, 0, bytes.Length);
    }

    /// <summary>One channel of a 16-bit WAV.</summary>
    public static (short[] Samples, WaveFormat Format) ReadChannel(string path, int channel = 0)
    {
        using var reader = new WaveFileReader(path);
        var format = reader.WaveFormat;
        if (format.BitsPerSample != 16) throw new InvalidDataException($"{path}: {format.BitsPerSample} bits per sample");
        var bytes = new byte[reader.Length];
        var read = reader.Read(bytes, 0, bytes.Length);
        var frames = read / format.BlockAlign;
        var samples = new short[frames];
        for (var i = 0; i < frames; i++) samples[i] = BitConverter.ToInt16(bytes, (i * format.BlockAlign) + (channel * 2));
        return (samples, format);
    }

    /// <summary>
    /// Finds where <paramref name="reference"/> and <paramref name="received"/> line up (cross-correlation of a 0.25 s piece
    /// from the middle of the shorter one, searched in the longer one) and returns the SNR of the received copy over
    /// their whole overlap while the received side has audio, 100 ms at each edge left out.
    /// </summary>
    public static (double SnrDb, int Offset, int ComparedSamples) AlignedSnr(short[] reference, short[] received)
    {
        var receivedIsShorter = received.Length < reference.Length;
        var (shorter, longer) = receivedIsShorter ? (received, reference) : (reference, received);
        var pieceStart = Math.Max(0, (shorter.Length / 2) - (SampleRate / 8));
        var pieceLength = Math.Min(SampleRate / 4, shorter.Length - pieceStart);
        double bestScore = double.MinValue;
        var bestLag = 0;
        for (var lag = 0; lag + pieceLength <= longer.Length; lag++)
        {
            double dot = 0, energy = 0;
            for (var i = 0; i < pieceLength; i++)
            {
                double r = longer[lag + i];
                dot += shorter[pieceStart + i] * r;
                energy += r * r;
            }
            var score = energy > 0 ? dot / Math.Sqrt(energy) : 0;
            if (score > bestScore)
            {
                bestScore = score;
                bestLag = lag;
            }
        }
        // received[i + offset] ≈ reference[i]
        var offset = receivedIsShorter ? pieceStart - bestLag : bestLag - pieceStart;
        // Only where the received side carries the call's audio: not the silence before its first packet or after the
        // hang-up (audio still in flight then never arrives, and the recorder pads to the call's length).
        var receivedFirst = Array.FindIndex(received, x => Math.Abs((int)x) > 100);
        var receivedLast = Array.FindLastIndex(received, x => Math.Abs((int)x) > 100);
        var first = Math.Max(Math.Max(0, -offset), receivedFirst - offset) + 800;
        var last = Math.Min(Math.Min(reference.Length, received.Length - offset), receivedLast + 1 - offset) - 800;
        double signal = 0, noise = 0;
        for (var i = first; i < last; i++)
        {
            double x = reference[i];
            var error = received[i + offset] - x;
            signal += x * x;
            noise += error * error;
        }
        var snr = noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
        return (snr, offset, Math.Max(0, last - first));
    }

    /// <summary>
    /// Like <see cref="AlignedSnr"/>, but each 250 ms block of the overlap is aligned on its own within ±200 ms of the
    /// overall offset: a jitter buffer that re-synchronises after the sender stalled shifts the timeline once, which a
    /// single alignment would count as noise for the rest of the call. Lost audio still counts as noise.
    /// </summary>
    public static (double SnrDb, int ComparedSamples) BlockAlignedSnr(short[] reference, short[] received)
    {
        const int Block = SampleRate / 4;
        const int Search = SampleRate / 5;
        var (_, offset, _) = AlignedSnr(reference, received);
        var receivedFirst = Array.FindIndex(received, x => Math.Abs((int)x) > 100);
        var receivedLast = Array.FindLastIndex(received, x => Math.Abs((int)x) > 100);
        double signal = 0, noise = 0;
        var compared = 0;
        for (var start = receivedFirst + 800; start + Block <= receivedLast - 800; start += Block)
        {
            double bestNoise = double.MaxValue, blockSignal = 0;
            for (var shift = -Search; shift <= Search; shift++)
            {
                var referenceStart = start - offset + shift;
                if (referenceStart < 0 || referenceStart + Block > reference.Length) continue;
                double candidate = 0, energy = 0;
                for (var i = 0; i < Block && candidate < bestNoise; i++)
                {
                    double x = reference[referenceStart + i];
                    var error = received[start + i] - x;
                    candidate += error * error;
                    energy += x * x;
                }
                if (candidate < bestNoise)
                {
                    bestNoise = candidate;
                    blockSignal = energy;
                }
            }
            if (bestNoise == double.MaxValue) continue;
            signal += blockSignal;
            noise += bestNoise;
            compared += Block;
        }
        return (noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise), compared);
    }
}
