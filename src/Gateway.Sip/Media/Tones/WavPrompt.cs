using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Gateway.Sip.Media.Tones;

/// <summary>
/// An announcement loaded once into memory as 8 kHz mono PCM, whatever the WAV's rate and channel
/// count (NAudio reads, down-mixes and resamples with its WDL resampler). Playing from memory keeps
/// disk reads off the media clock.
/// </summary>
public sealed class WavPrompt
{
    public const int SampleRate = 8000;

    private WavPrompt(string name, short[] samples)
    {
        Name = name;
        Samples = samples;
    }

    public string Name { get; }

    public ReadOnlyMemory<short> Samples { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    public static WavPrompt Load(string path)
    {
        using var reader = new WaveFileReader(path);
        ISampleProvider provider = reader.ToSampleProvider();
        if (provider.WaveFormat.Channels == 2) provider = new StereoToMonoSampleProvider(provider);
        else if (provider.WaveFormat.Channels != 1) throw new InvalidDataException($"{path}: {provider.WaveFormat.Channels} channels; prompts must be mono or stereo.");
        if (provider.WaveFormat.SampleRate != SampleRate) provider = new WdlResamplingSampleProvider(provider, SampleRate);

        var samples = new List<short>((int)(reader.TotalTime.TotalSeconds * SampleRate) + SampleRate);
        var block = new float[4096];
        int read;
        while ((read = provider.Read(block, 0, block.Length)) > 0)
        {
            for (int i = 0; i < read; i++) samples.Add((short)Math.Clamp(Math.Round(block[i] * 32767f), short.MinValue, short.MaxValue));
        }

        return new WavPrompt(Path.GetFileNameWithoutExtension(path), [.. samples]);
    }
}
