using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;
using Gateway.Fax.Rendering;
using Gateway.Simulators.Devices.Fax;

namespace Gateway.IntegrationTests.Fax;

/// <summary>
/// A Chinese-text order faxed by the Class 2.0 driver over a real socat pty (System.IO.Ports) to the
/// simulated modem; the far end's own decoder, netpbm g3topbm and libtiff fax2tiff must all see the
/// rendered page, pixel for pixel, with the right number of rows.
/// </summary>
public sealed class FaxOverPtyTests : IDisposable
{
    private readonly CancellationTokenSource _safetyNet = new(TimeSpan.FromSeconds(90));

    private CancellationToken Timeout => _safetyNet.Token;

    public void Dispose() => _safetyNet.Dispose();

    internal static FaxOrder ChineseOrder() => new(
        Title: "火灾 应急联动指令",
        OrderNumber: "ZS-2026-000110",
        Urgency: "特急",
        Unit: "市消防救援支队 第三大队",
        Text: "和平路88号1号楼3层发生火灾，有人员被困，请立即到场处置，到场后立即回告。现场联系人电话 138-0000-0000。",
        Location: "和平路88号 1号楼",
        Contact: "张先生 138-0000-0000",
        Time: new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(8)),
        Dispatcher: "李调度 (No. 07)");

    [Fact]
    public async Task Chinese_order_arrives_pixel_for_pixel_in_the_simulator_g3topbm_and_fax2tiff()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout);
        using var renderer = new FaxPageRenderer();
        IReadOnlyList<FaxBitmap> pages = renderer.Render(ChineseOrder(), FaxResolution.Fine);
        // MH so that g3topbm (1-D only) can read it too; RTC by the modem, so the raw page holds exactly the page's lines.
        using var fax = new Class2FaxModem(
            fixture.Channel, new FaxModemOptions { StationId = "+86 580 110", Compression = T4Compression.ModifiedHuffman, RtcBy = RtcSender.Modem });

        FaxSendResult result = await fax.SendAsync("05802110", pages, FaxResolution.Fine, Timeout);

        Assert.True(result.IsDelivered, result.Reason);
        Assert.Equal(1, fixture.Log.DeliveredJobs);
        FaxReceivedCall call = Assert.Single(fixture.Log.Calls);
        Assert.Equal("+86 580 110", call.StationId);
        Assert.Equal(pages.Count, call.Pages.Count);
        for (int i = 0; i < pages.Count; i++)
        {
            FaxReceivedPage received = call.Pages[i];
            FaxBitmap expected = pages[i];
            Assert.Equal(0, received.BadRows);
            Assert.True(File.Exists(received.PngPath));
            AssertSamePixels(expected, PbmFormat.Read(received.PbmPath), "simulator decoder");

            string g3topbm = Path.Combine(fixture.Directory, $"g3topbm-{i + 1}.pbm");
            var netpbm = await DecoderTools.RunAsync($"g3topbm -reversebits '{received.RawPath}' > '{g3topbm}'", Timeout);
            Assert.True(netpbm.ExitCode == 0, netpbm.Output);
            AssertSamePixels(expected, PbmFormat.Read(g3topbm), "g3topbm -reversebits");

            string tiff = Path.Combine(fixture.Directory, $"fax2tiff-{i + 1}.tif");
            var libtiff = await DecoderTools.RunAsync($"fax2tiff -v -1 -L -R 196 -o '{tiff}' '{received.RawPath}'", Timeout);
            Assert.True(libtiff.ExitCode == 0, libtiff.Output);
            Assert.Equal(expected.Height, DecoderTools.RowsReported(libtiff.Output));
            Assert.Equal(0, DecoderTools.BadRowsReported(libtiff.Output));
            AssertSamePixels(expected, Assert.Single(TiffImageReader.ReadPages(tiff)), "fax2tiff");
        }
    }

    [Fact]
    public async Task MR_pages_with_RTC_from_the_host_decode_in_the_simulator_and_in_fax2tiff()
    {
        await using var fixture = await FaxSimulatorFixture.StartAsync(Timeout);
        using var renderer = new FaxPageRenderer();
        IReadOnlyList<FaxBitmap> pages = renderer.Render(ChineseOrder(), FaxResolution.Standard);
        using var fax = new Class2FaxModem(fixture.Channel, new FaxModemOptions { StationId = "110", Resolution = FaxResolution.Standard });

        FaxSendResult result = await fax.SendAsync("110", pages, FaxResolution.Standard, Timeout);

        Assert.True(result.IsDelivered, result.Reason);
        FaxReceivedPage received = Assert.Single(fixture.Log.Calls).Pages[0];
        Assert.True(received.TwoDimensional);
        AssertSamePixels(pages[0], PbmFormat.Read(received.PbmPath), "simulator decoder (MR)");
        string tiff = Path.Combine(fixture.Directory, "mr.tif");
        var libtiff = await DecoderTools.RunAsync($"fax2tiff -v -2 -L -R 98 -o '{tiff}' '{received.RawPath}'", Timeout);
        Assert.True(libtiff.ExitCode == 0, libtiff.Output);
        // fax2tiff does not know RTC: its six EOLs show as five more (empty) rows.
        Assert.Equal(pages[0].Height + 5, DecoderTools.RowsReported(libtiff.Output));
        Assert.Equal(0, DecoderTools.BadRowsReported(libtiff.Output));
    }

    internal static void AssertSamePixels(FaxBitmap expected, FaxBitmap actual, string decoder)
    {
        Assert.True(expected.Width == actual.Width && expected.Height == actual.Height,
            $"{decoder}: {actual.Width}x{actual.Height}, expected {expected.Width}x{expected.Height}");
        Assert.True(expected.PixelsEqual(actual), $"{decoder} decoded different pixels");
    }
}
