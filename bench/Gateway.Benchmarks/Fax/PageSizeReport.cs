using System.Diagnostics;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Benchmarks.Fax;

/// <summary>Prints bytes per page for our MH/MR against netpbm's pbmtog3 on the same bitmap.</summary>
internal static class PageSizeReport
{
    public static void Print(FaxBitmap page)
    {
        string pbm = Path.Combine(Path.GetTempPath(), $"fax-bench-{Environment.ProcessId}.pbm");
        try
        {
            PbmFormat.Write(page, pbm);
            long netpbm = PbmToG3Bytes(pbm);
            using var mh = new T4Encoder(new T4EncoderOptions());
            using var mr2 = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, Resolution = FaxResolution.Standard });
            using var mr4 = new T4Encoder(new T4EncoderOptions { Compression = T4Compression.ModifiedRead, Resolution = FaxResolution.Fine });
            Console.WriteLine($"// fax page bytes without fill: pbmtog3 {netpbm}, ours MH {mh.Encode(page).Length}, MR K=2 {mr2.Encode(page).Length}, MR K=4 {mr4.Encode(page).Length}");
        }
        finally
        {
            File.Delete(pbm);
        }
    }

    private static long PbmToG3Bytes(string pbm)
    {
        var start = new ProcessStartInfo("pbmtog3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(pbm);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("pbmtog3 did not start");
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return output.Length;
    }
}
