using Gateway.Sip.Media.Recording;
using Gateway.Sip.Media.Tones;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Media.Tones;

public sealed class TonesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-tones-").FullName;

    private static List<bool> OnOffPer20Ms(CadenceToneSource source, int frames, out short[] all)
    {
        var pattern = new List<bool>();
        var samples = new List<short>();
        var frame = new short[160];
        for (int i = 0; i < frames; i++)
        {
            source.ReadFrame(frame);
            pattern.Add(frame.Any(s => s != 0));
            samples.AddRange(frame);
        }

        all = [.. samples];
        return pattern;
    }

    [Fact]
    public void Ringback_is_450_hz_one_second_on_four_off()
    {
        var pattern = OnOffPer20Ms(ChineseTones.Ringback(), 500, out var samples);   // two 5 s periods

        Assert.All(pattern.Take(50), Assert.True);
        Assert.All(pattern.Skip(50).Take(200), Assert.False);
        Assert.All(pattern.Skip(250).Take(50), Assert.True);
        Assert.InRange(AudioAssert.ToneAmplitude(samples.AsSpan(0, 8000), 450), 8800, 9100);
        Assert.True(AudioAssert.ToneAmplitude(samples.AsSpan(0, 8000), 425) < 500);
    }

    [Fact]
    public void Busy_is_350_ms_on_350_ms_off()
    {
        var source = ChineseTones.Busy();
        var frame = new short[140];                          // 17.5 ms: cadence edges fall inside frames
        var samples = new List<short>();
        for (int i = 0; i < 100; i++)
        {
            source.ReadFrame(frame);
            samples.AddRange(frame);
        }

        Assert.True(samples.Take(2800).Count(s => s != 0) > 2700);     // a sine, zero only at its crossings
        Assert.True(samples.Skip(2800).Take(2800).All(s => s == 0));
        Assert.True(samples.Skip(5600).Take(2800).Count(s => s != 0) > 2700);
    }

    [Fact]
    public void Arbitrary_sine_keeps_phase_across_frames()
    {
        var sine = new SineGenerator(1000, 10000);
        var samples = new short[800];
        for (int i = 0; i < 5; i++) sine.Read(samples.AsSpan(i * 160, 160));
        Assert.InRange(AudioAssert.ToneAmplitude(samples, 1000), 9900, 10100);
        Assert.Equal(AudioAssert.Sine(1000, 10000, 800), samples);
    }

    [Fact]
    public void Wav_prompt_is_resampled_to_8_khz_mono_and_played_in_20_ms_frames()
    {
        string path = Path.Combine(_directory, "prompt.wav");
        using (var writer = new WaveFileWriter(path, new WaveFormat(16000, 16, 2)))
        {
            var tone = AudioAssert.Sine(1000, 12000, 16000, sampleRate: 16000);   // 1 s, same on both channels
            var interleaved = tone.SelectMany(s => new[] { s, s }).ToArray();
            writer.WriteSamples(interleaved, 0, interleaved.Length);
        }

        var prompt = WavPrompt.Load(path);
        Assert.InRange(prompt.Duration.TotalMilliseconds, 990, 1010);

        var player = new PromptPlayer(prompt);
        var frame = new short[160];
        var played = new List<short>();
        int frames = 0;
        while (player.ReadFrame(frame))
        {
            frames++;
            played.AddRange(frame);
        }

        Assert.InRange(frames, 49, 51);
        Assert.True(player.IsFinished);
        var middle = played.Skip(800).Take(4000).ToArray();
        Assert.InRange(AudioAssert.ToneAmplitude(middle, 1000), 11000, 12500);
        Assert.True(AudioAssert.ToneAmplitude(middle, 3000) < 200);
    }

    [Fact]
    public void Looped_prompt_never_ends()
    {
        string path = Path.Combine(_directory, "short.wav");
        using (var writer = new WavFileWriter(path, 8000, 1)) writer.Write(AudioAssert.Sine(500, 1000, 100));
        var player = new PromptPlayer(WavPrompt.Load(path), loop: true);
        var frame = new short[160];
        for (int i = 0; i < 20; i++) Assert.True(player.ReadFrame(frame));
        Assert.False(player.IsFinished);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
