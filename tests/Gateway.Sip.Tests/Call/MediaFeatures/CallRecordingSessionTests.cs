using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Media.Audio;
using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Time.Testing;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Call.MediaFeatures;

public sealed class CallRecordingSessionTests : IDisposable
{
    private const uint FirstTimestamp = 4_000_000_000;   // wraps during the call
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-session-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Ticks_record_both_sides_and_a_clock_that_fell_behind_leaves_silence_up_to_the_stop()
    {
        var path = Path.Combine(_directory, "call.wav");
        var played = new PlayedFrameTap(new ConstantSource(-3000));
        var session = new CallRecordingSession(new CallRecorder(path), _time, played.Heard);
        var frame = new short[160];
        for (var i = 0; i < 10; i++)
        {
            session.Caller.InsertRtp(FirstTimestamp + (uint)(i * 160), Constant(1200));
            played.ReadFrame(frame);          // the player's tick, then the recorder's
            session.Tick();
            _time.Advance(Frame);
        }
        _time.Advance(TimeSpan.FromMilliseconds(400));   // the clock fell behind by 20 frames

        var info = await session.StopAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(600), info.Duration);   // up to the stop
        Assert.Equal(_time.GetUtcNow(), session.StoppedAt);
        var (left, right) = ReadStereo(path);
        Assert.All(left[..1600], s => Assert.Equal(1200, s));          // caller left, all 10 frames although 8 were still buffered
        Assert.All(right[..1600], s => Assert.Equal(-3000, s));        // what was played right
        Assert.All(left[1600..], s => Assert.Equal(0, s));             // nothing arrived after: silence
    }

    [Theory]
    [InlineData(RecordingLayout.StereoCallerLeft)]
    [InlineData(RecordingLayout.MixedMono)]
    public async Task A_burst_after_a_one_second_stall_is_recorded_at_its_place_and_nothing_is_dropped(RecordingLayout layout)
    {
        // 20 packets paced, then the network holds 50 (1 s) and delivers them at once with the next, then 20 more paced.
        var path = Path.Combine(_directory, $"stall-{layout}.wav");
        var session = new CallRecordingSession(new CallRecorder(path, layout), _time);
        const int Packets = 90;
        var held = new List<int>();
        for (var n = 0; n < Packets; n++)
        {
            session.Others.InsertRtp(FirstTimestamp + (uint)(n * 160), Constant(-7));
            if (n is >= 20 and < 70)
            {
                held.Add(n);
            }
            else
            {
                foreach (var late in held) session.Caller.InsertRtp(FirstTimestamp + (uint)(late * 160), Constant(Value(late)));
                held.Clear();
                session.Caller.InsertRtp(FirstTimestamp + (uint)(n * 160), Constant(Value(n)));
            }
            session.Tick();
            _time.Advance(Frame);
        }

        var info = await session.StopAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(Packets * 20), info.Duration);
        Assert.Equal(0, session.Caller.DroppedSamples);
        Assert.Equal(0, session.Caller.Reanchors);
        // They arrive with packet 70, when the file reached frame 69 − DelayFrames: packets 20..60 were added in place.
        Assert.Equal((69 - RecordingTimeline.DelayFrames - 20) * 160, session.Caller.LateSamples);
        for (var n = 0; n < Packets; n++)
        {
            if (layout == RecordingLayout.StereoCallerLeft)
            {
                var (left, right) = ReadStereo(path);
                Assert.All(left.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(Value(n), s));
                Assert.All(right.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(-7, s));
            }
            else
            {
                var mono = ReadMono(path);
                Assert.All(mono.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(Value(n) - 7, s));
            }
        }
    }

    [Fact]
    public async Task A_burst_of_100_packets_faster_than_real_time_is_recorded_whole_when_the_call_lasts_long_enough()
    {
        // What a sender that writes 2 s of audio at once produces (the relay payload test does this).
        var path = Path.Combine(_directory, "burst.wav");
        var session = new CallRecordingSession(new CallRecorder(path), _time);
        for (var n = 0; n < 100; n++) session.Caller.InsertRtp(FirstTimestamp + (uint)(n * 160), Constant(Value(n)));
        for (var tick = 0; tick < 110; tick++)
        {
            _time.Advance(Frame);
            session.Tick();
        }

        var info = await session.StopAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(2200), info.Duration);
        Assert.Equal(0, session.Caller.DroppedSamples);
        var (left, _) = ReadStereo(path);
        for (var n = 0; n < 100; n++) Assert.All(left.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(Value(n), s));
    }

    [Fact]
    public async Task A_duplicate_that_arrives_after_its_frame_was_written_is_not_added_twice()
    {
        var path = Path.Combine(_directory, "duplicate.wav");
        var session = new CallRecordingSession(new CallRecorder(path, RecordingLayout.MixedMono), _time);
        for (var n = 0; n < 30; n++)
        {
            session.Caller.InsertRtp(FirstTimestamp + (uint)(n * 160), Constant(Value(n)));
            if (n == 25) session.Caller.InsertRtp(FirstTimestamp + (uint)(2 * 160), Constant(Value(2)));   // packet 2 again, 460 ms late
            session.Tick();
            _time.Advance(Frame);
        }

        await session.StopAsync();

        Assert.Equal(160, session.Caller.DuplicateSamples);
        Assert.All(ReadMono(path).AsSpan(2 * 160, 160).ToArray(), s => Assert.Equal(Value(2), s));
    }

    [Fact]
    public async Task A_timestamp_jump_far_outside_the_window_starts_a_new_time_line_where_it_arrives()
    {
        var path = Path.Combine(_directory, "jump.wav");
        var session = new CallRecordingSession(new CallRecorder(path), _time);
        for (var n = 0; n < 40; n++)
        {
            uint timestamp = n < 20 ? FirstTimestamp + (uint)(n * 160) : 12345u + (uint)(n * 160);   // the sender restarted its clock
            session.Caller.InsertRtp(timestamp, Constant(Value(n)));
            session.Tick();
            _time.Advance(Frame);
        }

        await session.StopAsync();

        Assert.Equal(1, session.Caller.Reanchors);
        Assert.Equal(0, session.Caller.DroppedSamples);
        var (left, _) = ReadStereo(path);
        for (var n = 0; n < 40; n++) Assert.All(left.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(Value(n), s));
    }

    [Fact]
    public async Task A_new_source_starts_where_it_arrives_even_with_a_timestamp_inside_the_window()
    {
        var path = Path.Combine(_directory, "ssrc.wav");
        var session = new CallRecordingSession(new CallRecorder(path), _time);
        for (var n = 0; n < 40; n++)
        {
            if (n == 20) session.Caller.NewSource();   // e.g. the far end was transferred: same timestamps again
            session.Caller.InsertRtp(FirstTimestamp + (uint)(n % 20 * 160), Constant(Value(n)));
            session.Tick();
            _time.Advance(Frame);
        }

        await session.StopAsync();

        Assert.Equal(1, session.Caller.Reanchors);
        Assert.Equal(0, session.Caller.DuplicateSamples);
        var (left, _) = ReadStereo(path);
        for (var n = 0; n < 40; n++) Assert.All(left.AsSpan(n * 160, 160).ToArray(), s => Assert.Equal(Value(n), s));
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

    private static short Value(int packet) => (short)(100 * (packet + 1));

    private static short[] Constant(short value) => Enumerable.Repeat(value, 160).ToArray();

    private static (short[] Left, short[] Right) ReadStereo(string path)
    {
        var samples = ReadAll(path, channels: 2);
        return (samples.Where((_, i) => i % 2 == 0).ToArray(), samples.Where((_, i) => i % 2 == 1).ToArray());
    }

    private static short[] ReadMono(string path) => ReadAll(path, channels: 1);

    private static short[] ReadAll(string path, int channels)
    {
        using var reader = new WaveFileReader(path);
        Assert.Equal(channels, reader.WaveFormat.Channels);
        Assert.Equal(8000, reader.WaveFormat.SampleRate);
        var bytes = new byte[reader.Length];
        reader.ReadExactly(bytes);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, bytes.Length);
        return samples;
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
