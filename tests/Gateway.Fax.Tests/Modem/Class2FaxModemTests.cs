using Gateway.Core.At;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;
using Gateway.Fax.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Modem;

public sealed class Class2FaxModemTests : IAsyncLifetime
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(20);

    private readonly FakeClass2ModemLink _modem = new();
    private readonly FakeTimeProvider _time = new();
    private AtCommandChannel _channel = null!;

    public async Task InitializeAsync()
    {
        await _modem.OpenAsync();
        _channel = new AtCommandChannel(_modem, new AtChannelOptions { MaxXoffHold = TimeSpan.FromSeconds(10) }, _time);
        _channel.Start();
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _modem.DisposeAsync();
    }

    [Fact]
    public async Task Two_pages_are_sent_in_T32_order_and_delivered_on_FHS_00_with_every_page_confirmed()
    {
        using var fax = Modem(new FaxModemOptions { StationId = "+86 571 110", Compression = T4Compression.ModifiedRead });
        FaxBitmap[] pages = [TestPage(seed: 1), TestPage(seed: 2)];

        FaxSendResult result = await fax.SendAsync("5551234", pages, FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.True(result.IsDelivered, result.Reason);
        Assert.Equal(FaxHangupCode.Normal, result.Hangup);
        Assert.Equal(2, result.PagesConfirmed);
        Assert.Equal(
            ["AT+FCLASS=2.0", "AT+FLO=1", "AT+FBO=0", "AT+FCC=1,5,0,2,1,0,0,0", "AT+FLI=\"+86 571 110\"", "ATD5551234", "AT+FDT", "AT+FDT"],
            _modem.Commands);
        // +FCS chose MH (df=0): each page decodes as MH, LSB-first, to exactly what was sent.
        for (int i = 0; i < pages.Length; i++)
        {
            T4DecodeResult decoded = new T4Decoder(new T4DecoderOptions { Compression = T4Compression.ModifiedHuffman, BitOrder = T4BitOrder.LsbFirst })
                .Decode(_modem.Pages[i]);
            Assert.True(decoded.EndOfPageSeen);
            Assert.Equal(0, decoded.BadRows);
            Assert.True(decoded.Page.PixelsEqual(pages[i]));
        }
    }

    [Fact]
    public async Task Every_DLE_in_the_page_data_is_doubled_on_the_wire()
    {
        using var fax = Modem(new FaxModemOptions { StationId = "110" });
        FaxSendResult result = await fax.SendAsync("110", [TestPage(seed: 3)], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.True(result.IsDelivered, result.Reason);
        byte[] raw = _modem.RawPages[0];
        byte[] page = _modem.Pages[0];
        int dles = page.Count(b => b == DleStuffing.Dle);
        Assert.True(dles > 0, "the test page should contain DLE bytes");
        Assert.Equal(page.Length + dles, raw.Length);
    }

    [Fact]
    public async Task Standard_resolution_chosen_by_the_receiver_halves_a_fine_page_and_fill_bits_meet_the_scan_time()
    {
        // 9600 bit/s, st=5: 20 ms per line at standard resolution → at least 192 bits per coded line.
        _modem.SessionLine = "+FCS:0,3,0,2,0,0,0,5";
        using var fax = Modem(new FaxModemOptions { StationId = "110" });
        FaxBitmap page = TestPage(seed: 4);

        FaxSendResult result = await fax.SendAsync("110", [page], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.True(result.IsDelivered, result.Reason);
        List<long> eolEnds = EolScanner.EolEnds(_modem.Pages[0], T4BitOrder.LsbFirst);
        int rows = (page.Height + 1) / 2;
        Assert.Equal(rows + 6, eolEnds.Count);
        for (int line = 1; line < rows; line++)
        {
            Assert.True(eolEnds[line] - eolEnds[line - 1] >= 192, $"line {line} lasts {eolEnds[line] - eolEnds[line - 1]} bits");
        }

        FaxBitmap decoded = new T4Decoder(new T4DecoderOptions()).Decode(_modem.Pages[0]).Page;
        Assert.Equal(rows, decoded.Height);
        Assert.True(decoded.Row(3).SequenceEqual(page.Row(6)));
    }

    [Fact]
    public async Task With_RTC_by_the_modem_the_page_data_ends_without_RTC()
    {
        using var fax = Modem(new FaxModemOptions { StationId = "110", RtcBy = RtcSender.Modem });
        FaxBitmap page = TestPage(seed: 5);

        FaxSendResult result = await fax.SendAsync("110", [page], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.True(result.IsDelivered, result.Reason);
        Assert.Equal(page.Height, EolScanner.EolEnds(_modem.Pages[0], T4BitOrder.LsbFirst).Count);
    }

    [Theory]
    [InlineData("BUSY", FaxSendOutcome.Busy)]
    [InlineData("NO ANSWER", FaxSendOutcome.NoAnswer)]
    [InlineData("NO CARRIER", FaxSendOutcome.NoCarrier)]
    [InlineData("NO DIALTONE", FaxSendOutcome.NoDialtone)]
    public async Task Dial_failures_are_reported_as_retryable_outcomes(string dialResult, FaxSendOutcome expected)
    {
        _modem.DialResult = dialResult;
        using var fax = Modem(new FaxModemOptions { StationId = "110" });

        FaxSendResult result = await fax.SendAsync("110", [TestPage(seed: 6)], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.Equal(expected, result.Outcome);
        Assert.True(result.IsRetryable);
        Assert.False(result.IsDelivered);
        Assert.DoesNotContain("AT+FDT", _modem.Commands);
    }

    [Fact]
    public async Task A_phase_B_hangup_after_dial_is_mapped_to_a_clear_reason()
    {
        _modem.DialLines = ["+FHS:25"];
        using var fax = Modem(new FaxModemOptions { StationId = "110" });

        FaxSendResult result = await fax.SendAsync("110", [TestPage(seed: 7)], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.Equal(FaxSendOutcome.HangupError, result.Outcome);
        Assert.Contains("+FHS:25", result.Reason, StringComparison.Ordinal);
        Assert.Contains("DCS sent three times", result.Reason, StringComparison.Ordinal);
        Assert.True(result.IsRetryable);
    }

    [Fact]
    public async Task No_carrier_in_the_middle_of_a_page_is_never_delivered()
    {
        _modem.DropCarrierAfterBytes = 600;
        using var fax = Modem(new FaxModemOptions { StationId = "110" });

        FaxSendResult result = await fax.SendAsync("110", [TestPage(seed: 8), TestPage(seed: 9)], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.False(result.IsDelivered);
        Assert.Equal(FaxSendOutcome.HangupError, result.Outcome);
        Assert.Contains("NoCarrier", result.Reason, StringComparison.Ordinal);
        Assert.Equal(FaxHangupPhase.PhaseC, result.Hangup?.Phase);
        Assert.Empty(result.Pages);
        Assert.True(result.IsRetryable);
    }

    [Fact]
    public async Task A_page_answered_with_RTN_is_not_confirmed_and_the_call_is_ended_with_FKS()
    {
        _modem.PostPageResponse = page => page == 2 ? 2 : 1;
        using var fax = Modem(new FaxModemOptions { StationId = "110" });

        FaxSendResult result = await fax.SendAsync("110", [TestPage(seed: 10), TestPage(seed: 11)], FaxResolution.Fine).WaitAsync(SafetyTimeout);

        Assert.Equal(FaxSendOutcome.PageNotConfirmed, result.Outcome);
        Assert.Contains("RTN", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.PagesConfirmed);
        Assert.Equal("AT+FKS", _modem.Commands[^1]);
    }

    [Fact]
    public async Task Xoff_held_too_long_fails_the_attempt_as_a_flow_control_timeout()
    {
        _modem.HoldXoff = true;
        using var fax = Modem(new FaxModemOptions { StationId = "110" });

        Task<FaxSendResult> sending = fax.SendAsync("110", [TestPage(seed: 12)], FaxResolution.Fine);
        using var safety = new CancellationTokenSource(SafetyTimeout);
        while (!sending.IsCompleted && !safety.IsCancellationRequested)
        {
            await Task.Yield();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        FaxSendResult result = await sending.WaitAsync(SafetyTimeout);
        Assert.Equal(FaxSendOutcome.FlowControlTimeout, result.Outcome);
        Assert.True(result.IsRetryable);
        Assert.Empty(_modem.Pages);
    }

    [Fact]
    public async Task Cancelling_aborts_the_call_with_FKS_and_reports_aborted()
    {
        _modem.AnswerPageEnd = false;
        using var fax = Modem(new FaxModemOptions { StationId = "110" });
        using var cancel = new CancellationTokenSource();

        Task<FaxSendResult> sending = fax.SendAsync("110", [TestPage(seed: 13)], FaxResolution.Fine, cancel.Token);
        await _modem.FirstPageEnded.WaitAsync(SafetyTimeout);

        cancel.Cancel();
        using var safety = new CancellationTokenSource(SafetyTimeout);
        while (!sending.IsCompleted && !safety.IsCancellationRequested)
        {
            await Task.Yield();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        FaxSendResult result = await sending.WaitAsync(SafetyTimeout);
        Assert.Equal(FaxSendOutcome.Aborted, result.Outcome);
        Assert.False(result.IsRetryable);
        Assert.Equal("AT+FKS", _modem.Commands[^1]);
    }

    [Theory]
    [InlineData("86 571+110")]
    [InlineData("")]
    public void Valid_station_ids_are_accepted(string stationId) => Assert.True(FaxStationId.IsValid(stationId));

    [Theory]
    [InlineData("110\"")]
    [InlineData("消防")]
    [InlineData("123456789012345678901")]
    [InlineData("1;ATH")]
    public void Station_ids_with_anything_but_digits_space_and_plus_are_refused(string stationId) =>
        Assert.Throws<ArgumentException>(() => new FaxModemOptions { StationId = stationId }.Validate());

    [Theory]
    [InlineData("5551234;")]
    [InlineData("555\r")]
    [InlineData("")]
    [InlineData("ATH")]
    public async Task Dial_strings_that_could_inject_commands_are_refused(string number)
    {
        using var fax = Modem(new FaxModemOptions { StationId = "110" });
        await Assert.ThrowsAsync<ArgumentException>(() => fax.SendAsync(number, [TestPage(seed: 1)], FaxResolution.Fine));
        Assert.Empty(_modem.Commands);
    }

    private Class2FaxModem Modem(FaxModemOptions options) => new(_channel, options, _time);

    /// <summary>A 1728-wide page of random black blocks: rich in codes (and in 0x10 bytes once coded).</summary>
    internal static FaxBitmap TestPage(int seed, int height = 120)
    {
        var random = new Random(seed);
        var page = new FaxBitmap(FaxResolutionExtensions.PageWidth, height);
        for (int y = 0; y < height; y++)
        {
            random.NextBytes(page.Row(y));
            if (y % 3 == 0)
            {
                page.Row(y).Clear();
            }
        }

        return page;
    }
}
