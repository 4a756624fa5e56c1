using System.Diagnostics;

namespace Gateway.Fax.Tests.Support;

/// <summary>Runs a Debian tool (netpbm, libtiff-tools) with a bounded wait and captures its output.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs the tool and fails the test with its stderr when it exits non-zero.</summary>
    public static async Task<Result> RunCheckedAsync(string fileName, params string[] arguments)
    {
        Result result = await RunAsync(fileName, arguments);
        Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}");
        return result;
    }

    /// <summary>Runs a shell pipeline (for tools that only write to stdout, e.g. g3topbm &gt; file).</summary>
    public static Task<Result> ShellCheckedAsync(string command) => RunCheckedAsync("/bin/sh", "-c", command);
}
