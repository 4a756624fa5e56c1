using System.Globalization;

namespace Gateway.MediaLoad;

/// <summary>CPU time of a process from /proc/PID/stat (utime + stime, in clock ticks of 1/100 s).</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may contain spaces) start behind the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    /// <summary>
    /// Context switches of all the process's threads so far (voluntary + involuntary, /proc/PID/task/*/status):
    /// per relayed packet this shows the receive model's thread hops, which the CPU figure alone hides.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended while we read.
            }
        }

        return total;
    }

    /// <summary>CPU % of one core used between two readings over <paramref name="wall"/>.</summary>
    public static double Percent(TimeSpan before, TimeSpan after, TimeSpan wall) => (after - before).TotalSeconds / wall.TotalSeconds * 100;
}
