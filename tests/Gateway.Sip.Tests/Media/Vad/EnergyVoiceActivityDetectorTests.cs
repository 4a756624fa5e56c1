using Gateway.Sip.Media.Vad;

namespace Gateway.Sip.Tests.Media.Vad;

public class EnergyVoiceActivityDetectorTests
{
    private static readonly short[] Voice = AudioAssert.Sine(300, 3000, 160);   // about −24 dBFS
    private static readonly short[] Quiet = AudioAssert.Sine(300, 50, 160);     // about −60 dBFS

    [Fact]
    public void Starts_after_attack_and_stops_after_hang_time()
    {
        var vad = new EnergyVoiceActivityDetector(new VadOptions { ThresholdDbfs = -40, Attack = TimeSpan.FromMilliseconds(40), HangTime = TimeSpan.FromMilliseconds(200) });
        var events = new List<VoiceActivityEventArgs>();
        vad.SpeechStarted += (_, e) => events.Add(e);
        vad.SpeechStopped += (_, e) => events.Add(e);

        for (int i = 0; i < 10; i++) vad.ProcessFrame(Quiet);      // 0–200 ms quiet
        Assert.False(vad.ProcessFrame(Voice));                      // 220 ms: first voiced frame, attack not met
        Assert.True(vad.ProcessFrame(Voice));                       // 240 ms: 40 ms of voice
        for (int i = 0; i < 9; i++) Assert.True(vad.ProcessFrame(Quiet));   // pause shorter than the hang time
        Assert.True(vad.ProcessFrame(Voice));
        for (int i = 0; i < 9; i++) vad.ProcessFrame(Quiet);
        Assert.False(vad.ProcessFrame(Quiet));                      // 640 ms: the 10th quiet frame = 200 ms hang

        Assert.Equal(2, events.Count);
        Assert.True(events[0].Speaking);
        Assert.Equal(TimeSpan.FromMilliseconds(240), events[0].MediaTime);
        Assert.False(events[1].Speaking);
        Assert.Equal(TimeSpan.FromMilliseconds(640), events[1].MediaTime);
    }

    [Fact]
    public void A_single_click_does_not_start_speech()
    {
        var vad = new EnergyVoiceActivityDetector(new VadOptions { Attack = TimeSpan.FromMilliseconds(60) });
        int starts = 0;
        vad.SpeechStarted += (_, _) => starts++;
        for (int i = 0; i < 20; i++) vad.ProcessFrame(i % 3 == 0 ? Voice : Quiet);
        Assert.Equal(0, starts);
    }

    [Fact]
    public void Level_is_measured_in_dbfs()
    {
        Assert.InRange(EnergyVoiceActivityDetector.LevelDbfs(Voice), -24.5, -23.5);
        Assert.Equal(-120, EnergyVoiceActivityDetector.LevelDbfs(new short[160]));
    }
}
