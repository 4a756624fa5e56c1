using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.IntegrationTests.Fax;

/// <summary>Runs decoders we did not write (netpbm g3topbm, libtiff fax2tiff) with a bounded wait.</summary>
internal static partial class DecoderTools
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>fax2tiff's "N rows in input" figure.</summary>
    public static int RowsReported(string fax2tiffOutput) =>
        int.Parse(RowsInInput().Match(fax2tiffOutput).Groups[1].Value, CultureInfo.InvariantCulture);

    public static int BadRowsReported(string fax2tiffOutput) =>
        int.Parse(BadRows().Match(fax2tiffOutput).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d+) rows in input")]
    private static partial Regex RowsInInput();

    [GeneratedRegex(@"(\d+) total bad rows")]
    private static partial Regex BadRows();
}
