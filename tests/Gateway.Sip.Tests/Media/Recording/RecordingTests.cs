using System.Buffers.Binary;
using Gateway.Sip.Media.Recording;
using NAudio.Wave;

namespace Gateway.Sip.Tests.Media.Recording;

public sealed class RecordingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-rec-").FullName;

    [Fact]
    public async Task Stereo_recording_has_caller_left_and_others_right_with_its_duration()
    {
        string path = Path.Combine(_directory, "call.wav");
        var recorder = new CallRecorder(path, flushEvery: 7);
        var caller = Enumerable.Repeat((short)1000, 160).ToArray();
        var others = Enumerable.Repeat((short)-2000, 160).ToArray();
        for (int frame = 0; frame < 150; frame++) recorder.WriteFrame(caller, others);   // 3 s
        var info = await recorder.CompleteAsync();

        Assert.Equal(TimeSpan.FromSeconds(3), info.Duration);
        using var reader = new WaveFileReader(path);
        Assert.Equal(2, reader.WaveFormat.Channels);
        Assert.Equal(8000, reader.WaveFormat.SampleRate);
        Assert.Equal(TimeSpan.FromSeconds(3), reader.TotalTime);
        var frameBytes = new byte[4];
        reader.ReadExactly(frameBytes);
        Assert.Equal(1000, BinaryPrimitives.ReadInt16LittleEndian(frameBytes));
        Assert.Equal(-2000, BinaryPrimitives.ReadInt16LittleEndian(frameBytes.AsSpan(2)));
    }

    [Fact]
    public async Task Mono_option_mixes_both_sides()
    {
        string path = Path.Combine(_directory, "mono.wav");
        var recorder = new CallRecorder(path, RecordingLayout.MixedMono);
        recorder.WriteFrame(Enumerable.Repeat((short)30000, 160).ToArray(), Enumerable.Repeat((short)10000, 160).ToArray());
        var info = await recorder.CompleteAsync();

        using var reader = new WaveFileReader(path);
        Assert.Equal(1, reader.WaveFormat.Channels);
        Assert.Equal(TimeSpan.FromMilliseconds(20), info.Duration);
        var sample = new byte[2];
        reader.ReadExactly(sample);
        Assert.Equal(short.MaxValue, BinaryPrimitives.ReadInt16LittleEndian(sample));
    }

    [Fact]
    public void File_cut_by_a_crash_is_repaired_to_its_real_duration()
    {
        string path = Path.Combine(_directory, "crashed.wav");
        using (var writer = new WavFileWriter(path, 8000, 2))
        {
            var frame = new short[320];
            for (int i = 0; i < 100; i++) writer.Write(frame);    // 2 s
        }

        // What a kill -9 leaves: header sizes never written, and a torn last sample frame.
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.Position = 4;
            stream.Write(new byte[4]);
            stream.Position = 40;
            stream.Write(new byte[4]);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(new byte[] { 1, 2, 3 });
        }

        var result = WavRepair.Repair(path);

        Assert.Equal(WavRepairOutcome.Repaired, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
        using (var reader = new WaveFileReader(path))
        {
            Assert.Equal(TimeSpan.FromSeconds(2), reader.TotalTime);
        }

        Assert.Equal(WavRepairOutcome.Intact, WavRepair.Repair(path).Outcome);
    }

    [Fact]
    public void File_copied_while_still_being_written_is_repaired()
    {
        string path = Path.Combine(_directory, "live.wav");
        string copy = Path.Combine(_directory, "copy.wav");
        using (var writer = new WavFileWriter(path, 8000, 2))
        {
            var frame = new short[320];
            for (int i = 0; i < 150; i++) writer.Write(frame);   // 3 s
            File.Copy(path, copy);                  // header still says 0 bytes; whatever reached the OS is there
        }

        var result = WavRepair.Repair(copy);
        Assert.Equal(WavRepairOutcome.Repaired, result.Outcome);
        Assert.InRange(result.Duration.TotalSeconds, 2.4, 3.0);   // at most the writer's small buffer is missing
        using var reader = new WaveFileReader(copy);
        Assert.Equal(result.Duration, reader.TotalTime);
        Assert.Equal(new FileInfo(copy).Length - 44, reader.Length);
    }

    [Fact]
    public void Repair_of_the_directory_reports_files_that_are_not_wav()
    {
        File.WriteAllText(Path.Combine(_directory, "junk.wav"), "not a wave file at all");
        var results = WavRepair.RepairDirectory(_directory);
        Assert.Contains(results, r => r.Outcome == WavRepairOutcome.NotRepairable);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
