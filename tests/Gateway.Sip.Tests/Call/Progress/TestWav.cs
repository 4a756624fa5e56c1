using Gateway.Sip.Media.Tones;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Call.Progress;

/// <summary>Hold music for tests: a sine written as a 16 kHz WAV (so loading resamples it) and loaded back.</summary>
internal static class TestWav
{
    public static WavPrompt Prompt(double frequencyHz = 600, short amplitude = 8000, int milliseconds = 1000)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hold-{Guid.NewGuid():N}.wav");
        try
        {
            using (var writer = new WaveFileWriter(path, new WaveFormat(16000, 16, 1)))
            {
                var tone = Gateway.Sip.Tests.Media.AudioAssert.Sine(frequencyHz, amplitude, 16 * milliseconds, sampleRate: 16000);
                writer.WriteSamples(tone, 0, tone.Length);
            }
            return WavPrompt.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
