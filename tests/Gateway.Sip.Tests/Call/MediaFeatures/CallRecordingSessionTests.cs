using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Time.Testing;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Call.MediaFeatures;

public sealed class CallRecordingSessionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-session-").FullName;

    [Fact]
    public async Task Ticks_record_both_sides_and_missed_ticks_are_padded_to_the_elapsed_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var path = Path.Combine(_directory, "call.wav");
        var played = new PlayedFrameTap(new ConstantSource(-3000));
        var session = new CallRecordingSession(new CallRecorder(path), new ConstantSource(1200), played.Heard, time);
        var frame = new short[160];
        for (var i = 0; i < 10; i++)
        {
            played.ReadFrame(frame);          // the player's tick, then the recorder's
            session.Tick();
            time.Advance(TimeSpan.FromMilliseconds(20));
        }
        time.Advance(TimeSpan.FromMilliseconds(400));   // the clock fell behind by 20 frames

        var info = await session.StopAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(600), info.Duration);   // 10 ticks + 20 padded frames
        Assert.Equal(time.GetUtcNow(), session.StoppedAt);
        using var reader = new WaveFileReader(path);
        var samples = new byte[reader.Length];
        reader.ReadExactly(samples);
        Assert.Equal(1200, BitConverter.ToInt16(samples, 0));            // caller left
        Assert.Equal(-3000, BitConverter.ToInt16(samples, 2));           // what was played right
        Assert.Equal(0, BitConverter.ToInt16(samples, samples.Length - 4));   // padding is silence
    }

    [Fact]
    public void The_recorder_hears_silence_when_the_player_played_nothing_on_that_tick()
    {
        var played = new PlayedFrameTap(new ConstantSource(500));
        var frame = new short[160];
        played.ReadFrame(frame);
        played.Heard.ReadFrame(frame);
        Assert.All(frame, s => Assert.Equal(500, s));
        played.Heard.ReadFrame(frame);
        Assert.All(frame, s => Assert.Equal(0, s));
    }

    private sealed class ConstantSource(short value) : IAudioFrameSource
    {
        public bool ReadFrame(Span<short> frame)
        {
            frame.Fill(value);
            return true;
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
