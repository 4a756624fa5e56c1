using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Deadlines;
using Gateway.Dispatch.Model;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Deadlines;

public class DeadlinePolicyTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 10, 0, 0, China);
    private static readonly DateTimeOffset Night = new(2026, 3, 2, 22, 30, 0, China);
    private readonly DeadlinePolicy _policy = new(new DeadlineOptions());

    [Theory]
    [InlineData(UnitTier.Tier1, UnitRole.PublicSecurity, UnitArea.Urban, 15)]
    [InlineData(UnitTier.Tier1, UnitRole.Fire, UnitArea.Urban, 15)]
    [InlineData(UnitTier.Tier1, UnitRole.Medical, UnitArea.Urban, 15)]
    [InlineData(UnitTier.Tier1, UnitRole.Department, UnitArea.Urban, 30)]
    [InlineData(UnitTier.Tier2, UnitRole.Department, UnitArea.Urban, 60)]
    [InlineData(UnitTier.Tier2, UnitRole.Department, UnitArea.Rural, 90)]
    public void Arrival_deadline_follows_tier_area_and_service(UnitTier tier, UnitRole role, UnitArea area, int minutes)
    {
        var unit = Units.Unit("u", "u", tier, role, area, [], ChannelKind.Fax).ToUnit();

        Assert.Equal(TimeSpan.FromMinutes(minutes), _policy.ArrivalWithin(unit, Day));
    }

    [Fact]
    public void Rural_town_uses_day_and_night_deadlines()
    {
        var town = Units.TownRural.ToUnit();

        Assert.Equal(TimeSpan.FromMinutes(20), _policy.ArrivalWithin(town, Day));
        Assert.Equal(TimeSpan.FromMinutes(30), _policy.ArrivalWithin(town, Night));
    }

    [Fact]
    public void Night_starts_exactly_at_the_configured_local_time()
    {
        var town = Units.TownRural.ToUnit();
        var lastDayMoment = new DateTimeOffset(2026, 3, 2, 18, 59, 59, China);
        var nightStart = new DateTimeOffset(2026, 3, 2, 19, 0, 0, China);
        var dayStartInUtc = new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.Zero); // 07:00 next day in China

        Assert.Equal(TimeSpan.FromMinutes(20), _policy.ArrivalWithin(town, lastDayMoment));
        Assert.Equal(TimeSpan.FromMinutes(30), _policy.ArrivalWithin(town, nightStart));
        Assert.Equal(TimeSpan.FromMinutes(20), _policy.ArrivalWithin(town, dayStartInUtc));
    }

    [Fact]
    public void Tier_3_has_no_arrival_deadline_but_keeps_acknowledge_and_feedback()
    {
        var deadlines = _policy.For(Units.Weather.ToUnit(), Day);

        Assert.Null(deadlines.ArriveBy);
        Assert.Equal(Day.AddMinutes(5), deadlines.AcknowledgeBy);
        Assert.Equal(Day.AddHours(24), deadlines.FeedbackBy);
    }

    [Fact]
    public void Configured_rules_replace_the_defaults()
    {
        var options = new DeadlineOptions
        {
            AcknowledgeWithin = TimeSpan.FromMinutes(3),
            Arrival = [new ArrivalRule { Tier = UnitTier.Tier1, Day = TimeSpan.FromMinutes(12), Night = TimeSpan.FromMinutes(25) }],
        };
        var policy = new DeadlinePolicy(options);
        var police = Units.Police.ToUnit();

        Assert.Equal(Day.AddMinutes(12), policy.For(police, Day).ArriveBy);
        Assert.Equal(Night.AddMinutes(25), policy.For(police, Night).ArriveBy);
        Assert.Equal(Day.AddMinutes(3), policy.For(police, Day).AcknowledgeBy);
        Assert.Null(policy.ArrivalWithin(Units.Housing.ToUnit(), Day)); // no tier 2 row configured
    }
}
