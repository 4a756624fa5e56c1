using Gateway.Fax.Archive;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;

namespace Gateway.Fax.Tests.Archive;

public sealed class TiffClassFWriterTests
{
    public static TheoryData<T4Compression, T4BitOrder, FaxResolution> Variants() => new()
    {
        { T4Compression.ModifiedHuffman, T4BitOrder.MsbFirst, FaxResolution.Fine },
        { T4Compression.ModifiedHuffman, T4BitOrder.LsbFirst, FaxResolution.Standard },
        { T4Compression.ModifiedRead, T4BitOrder.MsbFirst, FaxResolution.Standard },
        { T4Compression.ModifiedRead, T4BitOrder.LsbFirst, FaxResolution.Fine },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Tiffinfo_sees_a_class_f_file_with_one_directory_per_page(T4Compression compression, T4BitOrder order, FaxResolution resolution)
    {
        using var temp = new TempDirectory();
        FaxBitmap[] pages = [TestBitmaps.TextLike(1, height: 300), TestBitmaps.RandomRuns(2, height: 150)];
        TiffClassFWriter.Write(temp.File("fax.tif"), pages, new TiffFaxOptions { Compression = compression, BitOrder = order, Resolution = resolution });

        ExternalTool.Result info = await ExternalTool.RunCheckedAsync("tiffinfo", temp.File("fax.tif"));

        string text = info.StandardOutput;
        Assert.Equal(2, CountOf(text, "TIFF Directory at offset"));
        Assert.Equal(2, CountOf(text, "Compression Scheme: CCITT Group 3"));
        Assert.Contains($"Resolution: 204, {resolution.LinesPerInch()} pixels/inch", text, StringComparison.Ordinal);
        Assert.Contains(order == T4BitOrder.MsbFirst ? "FillOrder: msb-to-lsb" : "FillOrder: lsb-to-msb", text, StringComparison.Ordinal);
        Assert.Contains("Image Width: 1728 Image Length: 300", text, StringComparison.Ordinal);
        Assert.Contains("Image Width: 1728 Image Length: 150", text, StringComparison.Ordinal);
        Assert.Contains("Page Number: 1-2", text, StringComparison.Ordinal);
        Assert.Contains(compression == T4Compression.ModifiedRead ? "2-d encoding" : "Group 3 Options: EOL padding", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", info.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Every_page_decodes_with_libtiff_and_netpbm_to_the_same_pixels(T4Compression compression, T4BitOrder order, FaxResolution resolution)
    {
        using var temp = new TempDirectory();
        FaxBitmap[] pages = [TestBitmaps.TextLike(3, height: 400), TestBitmaps.EveryRunLength(), TestBitmaps.Noise(4, height: 20)];
        TiffClassFWriter.Write(temp.File("fax.tif"), pages, new TiffFaxOptions { Compression = compression, BitOrder = order, Resolution = resolution });

        // LibTiff.NET (a C# port of libtiff's decoder).
        IReadOnlyList<FaxBitmap> readBack = TiffImageReader.ReadPages(temp.File("fax.tif"));
        Assert.Equal(pages.Length, readBack.Count);

        for (int i = 0; i < pages.Length; i++)
        {
            Assert.True(pages[i].PixelsEqual(readBack[i]), $"LibTiff.NET: page {i + 1} differs");

            // libtiff (C) decodes the page in tiffcp, netpbm writes it as PBM.
            string single = temp.File($"page{i}.tif");
            ExternalTool.Result copy = await ExternalTool.RunCheckedAsync("tiffcp", "-c", "none", $"{temp.File("fax.tif")},{i}", single);
            Assert.DoesNotContain("Warning", copy.StandardError, StringComparison.OrdinalIgnoreCase);
            await ExternalTool.ShellCheckedAsync($"tifftopnm -respectfillorder '{single}' > '{temp.File($"page{i}.pbm")}' 2>/dev/null");
            Assert.True(pages[i].PixelsEqual(PbmFormat.Read(temp.File($"page{i}.pbm"))), $"tiffcp + tifftopnm: page {i + 1} differs");
        }
    }

    [Fact]
    public void An_empty_document_is_refused()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => TiffClassFWriter.Write(stream, [], new TiffFaxOptions()));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
