using Gateway.Fax.Archive;
using Gateway.Fax.Imaging;
using Gateway.Fax.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Archive;

public sealed class FaxArchiveTests
{
    [Fact]
    public void Stores_each_job_under_its_utc_date_and_reads_back_the_same_pages()
    {
        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.FromHours(-2)));
        var archive = new FaxArchive(temp.Path, time);
        FaxBitmap[] pages = [TestBitmaps.TextLike(5, height: 200), TestBitmaps.TextLike(6, height: 100)];

        string path = archive.Store("job-42", pages, FaxResolution.Standard);

        Assert.Equal(Path.Combine(temp.Path, "2026-11-26", "job-42.tif"), path);
        IReadOnlyList<FaxBitmap> stored = TiffImageReader.ReadPages(path);
        Assert.Equal(2, stored.Count);
        Assert.True(pages[0].PixelsEqual(stored[0]));
        Assert.True(pages[1].PixelsEqual(stored[1]));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Job_ids_cannot_escape_the_archive_directory()
    {
        using var temp = new TempDirectory();
        var archive = new FaxArchive(temp.Path, new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

        string path = archive.Store("../../etc/passwd", [TestBitmaps.TextLike(1, height: 60)], FaxResolution.Fine);

        Assert.Equal(Path.Combine(temp.Path, "2026-01-02", "______etc_passwd.tif"), path);
        Assert.True(File.Exists(path));
    }
}
