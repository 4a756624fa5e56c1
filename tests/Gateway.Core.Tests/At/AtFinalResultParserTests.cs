using System.Text;
using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtFinalResultParserTests
{
    [Theory]
    [InlineData("OK", AtResultCode.Ok, "")]
    [InlineData("ERROR", AtResultCode.Error, "")]
    [InlineData("+CME ERROR: 30", AtResultCode.CmeError, "30")]
    [InlineData("+CMS ERROR: 500", AtResultCode.CmsError, "500")]
    [InlineData("+CME ERROR: SIM not inserted", AtResultCode.CmeError, "SIM not inserted")]
    [InlineData("NO CARRIER", AtResultCode.NoCarrier, "")]
    [InlineData("BUSY", AtResultCode.Busy, "")]
    [InlineData("NO ANSWER", AtResultCode.NoAnswer, "")]
    [InlineData("NO DIALTONE", AtResultCode.NoDialtone, "")]
    [InlineData("CONNECT", AtResultCode.Connect, "")]
    [InlineData("CONNECT 9600", AtResultCode.Connect, "9600")]
    public void Final_result_codes_are_recognised(string line, AtResultCode expected, string detail)
    {
        Assert.True(AtFinalResultParser.TryParse(Encoding.ASCII.GetBytes(line), out AtResultCode code, out ReadOnlySpan<byte> parsedDetail));
        Assert.Equal(expected, code);
        Assert.Equal(detail, Encoding.ASCII.GetString(parsedDetail));
    }

    [Theory]
    [InlineData("OKAY")]
    [InlineData("CONNECTED")]
    [InlineData("+CMGS: 0,4,12")]
    [InlineData("+CME")]
    [InlineData("")]
    [InlineData("ok")]
    public void Other_lines_are_not_final_results(string line)
    {
        Assert.False(AtFinalResultParser.TryParse(Encoding.ASCII.GetBytes(line), out _, out _));
    }

    [Fact]
    public void Response_exposes_error_numbers_and_ensure_success_throws()
    {
        var cme = new AtResponse("AT+CTXD=1,0", AtResultCode.CmeError, [], "30");
        Assert.Equal(30, cme.ErrorNumber);
        AtCommandFailedException failure = Assert.Throws<AtCommandFailedException>(() => cme.EnsureSuccess());
        Assert.Same(cme, failure.Response);

        var verbose = new AtResponse("AT", AtResultCode.CmeError, [], "SIM not inserted");
        Assert.Null(verbose.ErrorNumber);

        var connect = new AtResponse("AT+FDT", AtResultCode.Connect, [], "9600");
        Assert.Same(connect, connect.EnsureSuccess());
    }
}
