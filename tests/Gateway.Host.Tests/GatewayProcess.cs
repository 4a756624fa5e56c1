using System.Diagnostics;
using Gateway.Host;

namespace Gateway.Host.Tests;

/// <summary>Runs the built gateway as a real process, to see exit codes and stderr as an operator would.</summary>
internal static class GatewayProcess
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunToExitAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(GatewayHost).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the gateway did not exit within 60 s (it probably started)");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
