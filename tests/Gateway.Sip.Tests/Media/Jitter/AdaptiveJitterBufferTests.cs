using Gateway.Sip.Media.Jitter;

namespace Gateway.Sip.Tests.Media.Jitter;

public class AdaptiveJitterBufferTests
{
    private static short[] Frame(short value) => Enumerable.Repeat(value, 160).ToArray();

    private static TimeSpan At(int frame) => TimeSpan.FromMilliseconds(frame * 20);

    [Fact]
    public void Reordered_packets_play_in_timestamp_order()
    {
        var buffer = new AdaptiveJitterBuffer(new JitterBufferOptions { MinDepthFrames = 3 });
        foreach (int i in new[] { 0, 2, 1, 4, 3, 5 }) Assert.True(buffer.Insert((uint)(1000 + (i * 160)), Frame((short)(100 * (i + 1))), At(i)));

        var output = new short[160];
        var played = new List<short>();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
            played.Add(output[0]);
        }

        Assert.Equal(new short[] { 100, 200, 300, 400, 500, 600 }, played);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Steady_long_packets_play_without_trimming_or_concealment(int framesPerPacket)
    {
        // 40/60 ms packets on time, read every 20 ms with the reads falling just before each arrival (the worst phase).
        var buffer = new AdaptiveJitterBuffer();
        var output = new short[160];
        var played = new List<short>();
        int packets = 0;
        for (int tick = 0; tick < 300; tick++)
        {
            if (tick % framesPerPacket == 0)
            {
                var samples = new short[160 * framesPerPacket];
                for (int f = 0; f < framesPerPacket; f++) Array.Fill(samples, (short)(packets * framesPerPacket + f + 1), f * 160, 160);
                buffer.Insert((uint)(packets * 160 * framesPerPacket), samples, At(tick));
                packets++;
            }
            if (buffer.ReadFrame(output) == JitterFrameKind.Audio) played.Add(output[0]);
        }

        Assert.Equal(0, buffer.ConcealedFrames);
        Assert.True(played.Count > 250, $"{played.Count} frames played");
        Assert.Equal(Enumerable.Range(1, played.Count).Select(i => (short)i), played);   // nothing dropped, nothing repeated
    }

    [Fact]
    public void Waits_for_the_target_depth_before_playing()
    {
        var buffer = new AdaptiveJitterBuffer(new JitterBufferOptions { MinDepthFrames = 2 });
        var output = new short[160];
        Assert.Equal(JitterFrameKind.Silence, buffer.ReadFrame(output));
        buffer.Insert(0, Frame(1), At(0));
        Assert.Equal(JitterFrameKind.Silence, buffer.ReadFrame(output));
        buffer.Insert(160, Frame(2), At(1));
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
        Assert.Equal(1, output[0]);
    }

    [Fact]
    public void Lost_frame_is_concealed_with_a_fade_then_audio_resumes()
    {
        var buffer = new AdaptiveJitterBuffer(new JitterBufferOptions { MinDepthFrames = 1, ConcealmentFrames = 4 });
        var output = new short[160];
        buffer.Insert(0, Frame(8000), At(0));
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));

        buffer.Insert(2 * 160, Frame(4000), At(2));       // frame 1 lost
        Assert.Equal(JitterFrameKind.Concealed, buffer.ReadFrame(output));
        Assert.Equal(8000, output[0]);                     // starts where the last frame was: no click
        Assert.InRange((int)output[159], 5900, 6100);      // and fades (to 3/4 by the end of the first of four frames)
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
        Assert.Equal(4000, output[0]);
        Assert.Equal(1, buffer.ConcealedFrames);
    }

    [Fact]
    public void Long_loss_fades_to_silence()
    {
        var buffer = new AdaptiveJitterBuffer(new JitterBufferOptions { MinDepthFrames = 1, ConcealmentFrames = 2 });
        var output = new short[160];
        buffer.Insert(0, Frame(8000), At(0));
        buffer.ReadFrame(output);
        Assert.Equal(JitterFrameKind.Concealed, buffer.ReadFrame(output));
        Assert.Equal(JitterFrameKind.Concealed, buffer.ReadFrame(output));
        Assert.Equal(0, output[159]);
        Assert.Equal(JitterFrameKind.Silence, buffer.ReadFrame(output));
    }

    [Fact]
    public void Late_and_duplicate_packets_are_dropped_and_counted()
    {
        var buffer = new AdaptiveJitterBuffer();
        var output = new short[160];
        buffer.Insert(0, Frame(1), At(0));
        Assert.False(buffer.Insert(0, Frame(1), At(0)));
        buffer.ReadFrame(output);
        buffer.ReadFrame(output);
        Assert.False(buffer.Insert(0, Frame(1), At(2)));   // its frame has already been played

        Assert.Equal(1, buffer.DuplicatePackets);
        Assert.Equal(1, buffer.LatePackets);
    }

    [Fact]
    public void Ten_ms_packets_fill_twenty_ms_frames()
    {
        var buffer = new AdaptiveJitterBuffer();
        var output = new short[160];
        buffer.Insert(0, Enumerable.Repeat((short)7, 80).ToArray(), At(0));
        buffer.Insert(80, Enumerable.Repeat((short)9, 80).ToArray(), TimeSpan.FromMilliseconds(10));
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
        Assert.Equal(7, output[79]);
        Assert.Equal(9, output[80]);
    }

    [Fact]
    public void Target_depth_grows_with_jitter_and_stays_small_without_it()
    {
        var steady = new AdaptiveJitterBuffer();
        var jittery = new AdaptiveJitterBuffer();
        var random = new Random(7);
        var output = new short[160];
        for (int i = 0; i < 200; i++)
        {
            steady.Insert((uint)(i * 160), Frame(1), At(i));
            jittery.Insert((uint)(i * 160), Frame(1), At(i) + TimeSpan.FromMilliseconds(random.Next(0, 60)));
            steady.ReadFrame(output);
            jittery.ReadFrame(output);
        }

        Assert.Equal(1, steady.TargetDepthFrames);
        Assert.InRange(jittery.TargetDepthFrames, 3, 10);
        Assert.InRange(jittery.Jitter.TotalMilliseconds, 10, 30);
    }

    [Fact]
    public void A_timestamp_jump_resynchronises_instead_of_dropping_everything()
    {
        var buffer = new AdaptiveJitterBuffer();
        var output = new short[160];
        buffer.Insert(0, Frame(1), At(0));
        buffer.ReadFrame(output);
        Assert.True(buffer.Insert(5_000_000, Frame(2), At(1)));
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
        Assert.Equal(2, output[0]);
        Assert.Equal(1, buffer.Resynchronisations);
    }

    [Fact]
    public void A_stream_stuck_slightly_behind_playout_is_followed_after_a_run_of_late_packets()
    {
        var buffer = new AdaptiveJitterBuffer();
        var output = new short[160];
        for (int i = 0; i < 5; i++)
        {
            buffer.Insert((uint)(i * 160), Frame(1), At(i));
            buffer.ReadFrame(output);
        }

        // A new source whose clock sits 100 samples behind ours: each packet alone looks late.
        bool accepted = false;
        for (int i = 0; i < 10; i++)
        {
            accepted = buffer.Insert((uint)(((5 + i) * 160) - 740), Frame(2), At(5 + i));
            if (i < 9) buffer.ReadFrame(output);
        }

        Assert.True(accepted);
        Assert.Equal(10, buffer.LatePackets);
        Assert.Equal(JitterFrameKind.Audio, buffer.ReadFrame(output));
        Assert.Equal(2, output[0]);
    }
}
