using Gateway.Sip.Call.Progress;
using Gateway.Sip.Media.Tones;

namespace Gateway.Sip.Tests.Call.Progress;

public sealed class BridgedCallAudioTests
{
    private static readonly WavPrompt Music = TestWav.Prompt();

    [Fact]
    public void Ringing_without_sdp_gives_the_caller_183_with_our_sdp_once_and_our_ringback()
    {
        var audio = new BridgedCallAudio(new CallProgressTones());

        Assert.Equal(new CallerProvisional(183, "Session Progress", WithSdp: true), audio.OnFarProgress(180, farEarlyMedia: false));
        Assert.Equal(PartyHears.Ringback, audio.Caller);
        Assert.Equal(PartyHears.Nothing, audio.Callee);   // the ringing phone does not hear the caller
        Assert.Null(audio.OnFarProgress(180, farEarlyMedia: false));
        Assert.Null(audio.OnFarProgress(182, farEarlyMedia: false));
        Assert.Equal(PartyHears.Ringback, audio.Caller);
    }

    [Fact]
    public void Far_end_early_media_replaces_our_ringback_and_a_later_bare_180_does_not_bring_it_back()
    {
        var audio = new BridgedCallAudio(new CallProgressTones());
        audio.OnFarProgress(180, farEarlyMedia: false);

        Assert.Null(audio.OnFarProgress(183, farEarlyMedia: true));   // the caller already has our SDP
        Assert.Equal(PartyHears.FarEarlyMedia, audio.Caller);
        Assert.Equal(PartyHears.OtherParty, audio.Callee);
        Assert.Null(audio.OnFarProgress(180, farEarlyMedia: false));
        Assert.Equal(PartyHears.FarEarlyMedia, audio.Caller);
    }

    [Fact]
    public void Far_end_early_media_first_offers_the_caller_early_media_even_without_local_ringback()
    {
        var audio = new BridgedCallAudio(CallProgressTones.None);

        Assert.Equal(new CallerProvisional(183, "Session Progress", WithSdp: true), audio.OnFarProgress(183, farEarlyMedia: true));
        Assert.Equal(PartyHears.FarEarlyMedia, audio.Caller);
    }

    [Theory]
    [InlineData(180, 180)]
    [InlineData(183, 180)]
    [InlineData(181, 181)]
    public void Without_local_ringback_plain_ringing_is_passed_on_without_sdp(int far, int expected)
    {
        var audio = new BridgedCallAudio(CallProgressTones.None);

        Assert.Equal(new CallerProvisional(expected, "Ringing", WithSdp: false), audio.OnFarProgress(far, farEarlyMedia: false));
        Assert.Equal(PartyHears.Nothing, audio.Caller);
    }

    [Fact]
    public void Answer_ends_every_local_tone_and_later_provisionals_change_nothing()
    {
        var audio = new BridgedCallAudio(new CallProgressTones());
        audio.OnFarProgress(180, farEarlyMedia: false);

        audio.OnAnswered();

        Assert.Equal(PartyHears.OtherParty, audio.Caller);
        Assert.Equal(PartyHears.OtherParty, audio.Callee);
        Assert.Null(audio.OnFarProgress(180, farEarlyMedia: false));
        Assert.Null(audio.OnFarFailed(486));
        Assert.Equal(PartyHears.OtherParty, audio.Caller);
    }

    [Theory]
    [InlineData(486)]
    [InlineData(600)]
    [InlineData(603)]
    public void Busy_failures_play_the_busy_tone_for_the_configured_time_when_enabled(int status)
    {
        var audio = new BridgedCallAudio(new CallProgressTones { LocalRingback = false, BusyTone = TimeSpan.FromSeconds(3) });

        var busy = audio.OnFarFailed(status);

        Assert.NotNull(busy);
        Assert.Equal(TimeSpan.FromSeconds(3), busy.Value.Duration);
        Assert.Equal(new CallerProvisional(183, "Session Progress", WithSdp: true), busy.Value.Provisional);
        Assert.Equal(PartyHears.BusyTone, audio.Caller);
        Assert.Null(audio.OnFarProgress(180, farEarlyMedia: false));   // a late 18x does not stop the busy tone
        Assert.Equal(PartyHears.BusyTone, audio.Caller);
    }

    [Fact]
    public void Busy_tone_after_our_ringback_needs_no_new_183()
    {
        var audio = new BridgedCallAudio(new CallProgressTones { BusyTone = TimeSpan.FromSeconds(2) });
        audio.OnFarProgress(180, farEarlyMedia: false);

        var busy = audio.OnFarFailed(486);

        Assert.NotNull(busy);
        Assert.Null(busy.Value.Provisional);
        Assert.Equal(PartyHears.BusyTone, audio.Caller);
    }

    [Theory]
    [InlineData(0, 486)]     // off: the failure goes at once
    [InlineData(3000, 404)]  // not a busy failure
    [InlineData(3000, 503)]
    public void Other_failures_or_a_disabled_busy_tone_go_to_the_caller_at_once(int busyMs, int status)
    {
        var audio = new BridgedCallAudio(new CallProgressTones { BusyTone = TimeSpan.FromMilliseconds(busyMs) });

        Assert.Null(audio.OnFarFailed(status));
        Assert.Equal(PartyHears.Nothing, audio.Caller);
    }

    [Fact]
    public void Hold_music_plays_to_the_held_party_until_unhold_and_not_to_a_party_that_holds_too()
    {
        var audio = Answered(new CallProgressTones { HoldMusic = Music });

        audio.OnHold(CallSide.Caller, holds: true);
        Assert.Equal(PartyHears.HoldMusic, audio.Callee);
        Assert.Equal(PartyHears.OtherParty, audio.Caller);

        audio.OnHold(CallSide.Callee, holds: true);   // both hold: each asked to receive nothing
        Assert.Equal(PartyHears.OtherParty, audio.Callee);
        Assert.Equal(PartyHears.OtherParty, audio.Caller);

        audio.OnHold(CallSide.Caller, holds: false);  // the callee still holds: the caller hears music now
        Assert.Equal(PartyHears.HoldMusic, audio.Caller);
        Assert.Equal(PartyHears.OtherParty, audio.Callee);

        audio.OnPartyReplaced(CallSide.Callee);       // the holder transferred away: its hold is over
        Assert.Equal(PartyHears.OtherParty, audio.Caller);
        Assert.Equal(PartyHears.OtherParty, audio.Callee);
    }

    [Fact]
    public void Without_hold_music_a_held_party_keeps_the_relay()
    {
        var audio = Answered(new CallProgressTones());

        audio.OnHold(CallSide.Callee, holds: true);

        Assert.False(audio.PlaysHoldMusic);
        Assert.Equal(PartyHears.OtherParty, audio.Caller);
        Assert.Equal(PartyHears.OtherParty, audio.Callee);
    }

    private static BridgedCallAudio Answered(CallProgressTones tones)
    {
        var audio = new BridgedCallAudio(tones);
        audio.OnAnswered();
        return audio;
    }
}
