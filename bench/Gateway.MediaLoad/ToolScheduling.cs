using System.Runtime.InteropServices;

namespace Gateway.MediaLoad;

/// <summary>
/// The tool's own send and receive threads can run SCHED_FIFO (<c>--tool-fifo N</c>, Linux, needs CAP_SYS_NICE):
/// on two shared cores a receive thread that waits for a time slice stamps a packet late, and that wait would be
/// counted as the gateway's. The baseline runs with the same setting, so "added" stays gateway minus tool.
/// </summary>
internal static partial class ToolScheduling
{
    /// <summary>0 = normal scheduling.</summary>
    public static int FifoPriority { get; set; }

    /// <summary>Called at the start of each tool thread.</summary>
    public static void Apply()
    {
        if (FifoPriority <= 0 || !OperatingSystem.IsLinux()) return;
        int priority = FifoPriority;
        if (SetScheduler(0, 1, ref priority) != 0)
        {
            Console.Error.WriteLine($"--tool-fifo {FifoPriority}: sched_setscheduler failed (errno {Marshal.GetLastPInvokeError()}); tool threads keep normal scheduling");
            FifoPriority = 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, ref int priority);
}
