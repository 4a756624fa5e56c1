using Gateway.Fax.Modem;

namespace Gateway.Fax.Tests.Modem;

public sealed class FaxHangupCodeTests
{
    [Theory]
    [InlineData("+FHS:00", "00", FaxHangupPhase.Normal, false)]
    [InlineData("+FHS: 11", "11", FaxHangupPhase.CallPlacement, true)]
    [InlineData("+FHS:23", "23", FaxHangupPhase.PhaseB, true)]
    [InlineData("+FHS:2A", "2A", FaxHangupPhase.PhaseB, true)]
    [InlineData("+FHS:43", "43", FaxHangupPhase.PhaseC, true)]
    [InlineData("+FHS:54", "54", FaxHangupPhase.PhaseD, true)]
    [InlineData("+FHS:02", "02", FaxHangupPhase.CallPlacement, false)]
    [InlineData("+FHS:a0", "A0", FaxHangupPhase.Receive, false)]
    public void Codes_are_read_as_hex_strings_and_placed_in_their_phase(string line, string code, FaxHangupPhase phase, bool retryable)
    {
        Assert.True(FaxHangupCode.TryParse(line, out FaxHangupCode parsed));
        Assert.Equal(code, parsed.Code);
        Assert.Equal(phase, parsed.Phase);
        Assert.Equal(retryable, parsed.IsRetryable);
        Assert.False(string.IsNullOrEmpty(parsed.Reason));
    }

    [Theory]
    [InlineData("+FHS:")]
    [InlineData("+FHS:123")]
    [InlineData("+FHS:ZZ")]
    public void Malformed_codes_are_refused_without_throwing(string line) => Assert.False(FaxHangupCode.TryParse(line, out _));

    [Fact]
    public void Known_codes_have_specific_reasons()
    {
        Assert.Equal("no answer (T.30 T1 timeout)", new FaxHangupCode("11").Reason);
        Assert.Equal("no response to EOP repeated three times", new FaxHangupCode("54").Reason);
        Assert.Equal("phase C (page transfer) error", new FaxHangupCode("4F").Reason);
    }
}
