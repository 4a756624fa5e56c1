using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;

namespace Gateway.Fax.Tests.Modem;

public sealed class T30SessionParametersTests
{
    [Fact]
    public void FCS_line_gives_resolution_coding_rate_and_line_bits()
    {
        Assert.True(T30SessionParameters.TryParse("+FCS: 1,3,0,2,1,0,0,4", out var session));
        Assert.Equal(FaxResolution.Fine, session.Resolution);
        Assert.Equal(T4Compression.ModifiedRead, session.Compression);
        Assert.Equal(9600, session.BitsPerSecond);
        Assert.Equal(TimeSpan.FromMilliseconds(10), session.MinimumScanLineTime);
        Assert.Equal(96, session.MinimumLineBits);
    }

    [Fact]
    public void Standard_resolution_uses_the_normal_scan_time_column()
    {
        Assert.True(T30SessionParameters.TryParse("+FCS:0,5,0,2,0,0,0,7", out var session));
        Assert.Equal(TimeSpan.FromMilliseconds(40), session.MinimumScanLineTime);
        Assert.Equal(576, session.MinimumLineBits);
        Assert.Equal("0,5,0,2,0,0,0,7", session.ToCommandArguments());
    }

    [Theory]
    [InlineData("+FCS:")]
    [InlineData("+FCS:1,x,0")]
    [InlineData("+FCS:1,2,3,4,5,6,7,8,9")]
    [InlineData("+FCS:1,99999")]
    public void Malformed_lines_are_refused(string line) => Assert.False(T30SessionParameters.TryParse(line, out _));

    [Fact]
    public void Dle_stuffing_doubles_each_dle_only()
    {
        byte[] data = [1, 0x10, 2, 0x10, 0x10, 3];
        var stuffed = new byte[DleStuffing.StuffedLength(data)];
        Assert.Equal(9, DleStuffing.Stuff(data, stuffed));
        Assert.Equal(new byte[] { 1, 0x10, 0x10, 2, 0x10, 0x10, 0x10, 0x10, 3 }, stuffed);
    }
}
