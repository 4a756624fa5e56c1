using System.Diagnostics;

namespace Gateway.Benchmarks.Fax;

/// <summary>
/// CPU time per operation from the process's processor time. Wall-clock means are inflated when the
/// machine is oversubscribed (shared CI hosts); CPU time per page is what "pages/s on one core" means.
/// </summary>
internal static class CpuTimeReport
{
    public static void Print(string name, int iterations, Action operation)
    {
        for (int i = 0; i < 20; i++)
        {
            operation();
        }

        using Process self = Process.GetCurrentProcess();
        TimeSpan before = self.TotalProcessorTime;
        long wallStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            operation();
        }

        self.Refresh();
        double cpuMs = (self.TotalProcessorTime - before).TotalMilliseconds / iterations;
        double wallMs = Stopwatch.GetElapsedTime(wallStart).TotalMilliseconds / iterations;
        Console.WriteLine($"// cpu time {name}: {cpuMs:F3} ms/page ({1000 / cpuMs:F0} pages/s on one core), wall {wallMs:F3} ms/page");
    }
}
