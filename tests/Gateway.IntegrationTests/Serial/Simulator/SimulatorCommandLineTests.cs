using Gateway.Simulators.Cli;

namespace Gateway.IntegrationTests.Serial.Simulator;

public sealed class SimulatorCommandLineTests
{
    [Fact]
    public void Parses_ports_and_faults()
    {
        string[] args = ["echo-modem", "--tcp", "0", "--rfc2217", "7002", "--pty", "/tmp/ttySIM", "--drop", "0.1", "--garble", "0.05", "--delay", "20", "--close-after", "3", "--reopen-after", "4", "--seed", "9"];

        Assert.True(SimulatorCommandLine.TryParse(args, out var device, out var options, out var error), error);

        Assert.Equal("echo-modem", device.Name);
        Assert.Equal(0, options.TcpPort);
        Assert.Equal(7002, options.Rfc2217Port);
        Assert.Equal("/tmp/ttySIM", options.PtyPath);
        Assert.Equal(0.1, options.Faults.DropRate);
        Assert.Equal(0.05, options.Faults.GarbleRate);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.Faults.ReplyDelay);
        Assert.Equal(3, options.Faults.CloseAfterCommands);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Faults.ReopenAfter);
        Assert.Equal(9, options.Faults.Seed);
    }

    [Theory]
    [InlineData(new[] { "toaster", "--tcp", "0" }, "unknown device 'toaster'")]
    [InlineData(new[] { "echo-modem" }, "at least one of --tcp")]
    [InlineData(new[] { "echo-modem", "--tcp", "70000" }, "--tcp '70000'")]
    [InlineData(new[] { "echo-modem", "--tcp", "0", "--drop", "2" }, "--drop '2'")]
    [InlineData(new[] { "echo-modem", "--tcp", "0", "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "echo-modem", "--tcp" }, "--tcp needs a value")]
    public void Rejects_bad_arguments_naming_them(string[] args, string expected)
    {
        Assert.False(SimulatorCommandLine.TryParse(args, out _, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_devices_and_the_fault_options()
    {
        var help = SimulatorCommandLine.Help();

        Assert.Contains("echo-modem", help, StringComparison.Ordinal);
        Assert.Contains("--rfc2217 PORT", help, StringComparison.Ordinal);
        Assert.Contains("--close-after N", help, StringComparison.Ordinal);
    }
}
