using Gateway.Simulators.Faults;

namespace Gateway.IntegrationTests.Serial.Simulator;

public sealed class FaultInjectorTests
{
    [Fact]
    public void Without_faults_output_is_copied_unchanged()
    {
        var injector = new FaultInjector(new FaultOptions());
        var output = new byte[5];

        var length = injector.Apply("hello"u8, output);

        Assert.Equal("hello"u8.ToArray(), output[..length]);
    }

    [Fact]
    public void Drop_rate_removes_about_that_share_of_bytes()
    {
        var injector = new FaultInjector(new FaultOptions { DropRate = 0.25, Seed = 1 });
        var input = new byte[10_000];
        var output = new byte[input.Length];

        var length = injector.Apply(input, output);

        Assert.InRange(length, 7_000, 8_000);
    }

    [Fact]
    public void Commands_after_the_limit_are_ignored()
    {
        var injector = new FaultInjector(new FaultOptions { StopAnsweringAfter = 2 });

        var faults = Enumerable.Range(0, 4).Select(_ => injector.OnCommand()).ToList();

        Assert.Equal([CommandFault.None, CommandFault.None, CommandFault.Ignore, CommandFault.Ignore], faults);
        Assert.True(injector.Muted);
    }

    [Fact]
    public void Close_happens_once_on_the_given_command()
    {
        var injector = new FaultInjector(new FaultOptions { CloseAfterCommands = 2 });

        var faults = Enumerable.Range(0, 3).Select(_ => injector.OnCommand()).ToList();

        Assert.Equal([CommandFault.None, CommandFault.CloseAndReopen, CommandFault.None], faults);
    }
}
