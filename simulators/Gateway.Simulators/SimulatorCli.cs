namespace Gateway.Simulators;

/// <summary>Command-line front of the simulators: <c>&lt;device&gt; [options]</c>.</summary>
public static class SimulatorCli
{
    public static int Run(string[] args)
    {
        Console.WriteLine("usage: Gateway.Simulators <device> [options]");
        return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
    }
}
