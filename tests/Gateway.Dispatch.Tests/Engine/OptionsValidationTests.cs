using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Engine;

public class OptionsValidationTests
{
    [Fact]
    public void Default_options_with_the_test_units_are_valid()
    {
        Assert.True(new DispatchOptionsValidator().Validate(null, EngineHarness.DefaultOptions()).Succeeded);
    }

    [Fact]
    public void Problems_name_the_configuration_key()
    {
        var noChannels = Units.Police;
        noChannels.Channels.Clear();
        var options = new DispatchOptions
        {
            Units = [Units.Fire, noChannels, Units.Fire],
            Channels = { [ChannelKind.Fax] = new ChannelOptions { AckTimeout = TimeSpan.Zero } },
            Deadlines = new DeadlineOptions { DayStarts = TimeSpan.FromHours(20) },
        };

        var result = new DispatchOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Dispatch:Units:1:Channels is empty (a unit needs at least one way to receive orders)", failures);
        Assert.Contains("Dispatch:Units:2:Id 'fire' is used twice", failures);
        Assert.Contains("Dispatch:Channels:Fax:AckTimeout must be positive", failures);
        Assert.Contains(failures, f => f.StartsWith("Dispatch:Deadlines:DayStarts", StringComparison.Ordinal));
    }
}
