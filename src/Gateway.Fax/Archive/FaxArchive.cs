using System.Text;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Archive;

/// <summary>
/// Keeps every sent fax as a TIFF Class F file under <c>root/yyyy-MM-dd/&lt;job&gt;.tif</c> (UTC date).
/// Files are written to a temporary name and renamed, so a crash never leaves a half file.
/// </summary>
public sealed class FaxArchive
{
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly TiffFaxOptions _options;

    public FaxArchive(string root, TimeProvider time, TiffFaxOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(time);
        _root = root;
        _time = time;
        _options = options ?? new TiffFaxOptions();
    }

    /// <summary>Stores the pages of one job; returns the file path. A later call for the same job replaces it.</summary>
    public string Store(string jobId, IReadOnlyList<FaxBitmap> pages, FaxResolution resolution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        string directory = Path.Combine(_root, _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, SafeFileName(jobId) + ".tif");
        string temporary = path + ".tmp";
        TiffClassFWriter.Write(temporary, pages, _options with { Resolution = resolution });
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    // Job ids come from callers; keep only characters that are safe in a file name everywhere.
    private static string SafeFileName(string jobId)
    {
        var name = new StringBuilder(jobId.Length);
        foreach (char c in jobId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return name.ToString();
    }
}
