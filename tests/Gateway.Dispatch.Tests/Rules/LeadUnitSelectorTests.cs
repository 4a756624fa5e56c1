using Gateway.Dispatch.Model;
using Gateway.Dispatch.Rules;
using Gateway.Dispatch.Tests.Support;

namespace Gateway.Dispatch.Tests.Rules;

public class LeadUnitSelectorTests
{
    private static readonly IReadOnlyList<LinkageUnit> County = [.. Units.All.Select(u => u.ToUnit())];

    private static IncidentDraft Draft(IncidentCategory category, bool emergency = true) =>
        new(category, "somewhere", null, emergency, IncidentPriority.Normal, null);

    [Theory]
    [InlineData(IncidentCategory.PublicSecurity)]
    [InlineData(IncidentCategory.Criminal)]
    [InlineData(IncidentCategory.Traffic)]
    public void Security_criminal_and_traffic_cases_go_to_public_security_first(IncidentCategory category)
    {
        var decision = LeadUnitSelector.Decide(Draft(category), County);

        Assert.Equal(LeadPolicy.PublicSecurityFirst, decision.Policy);
        Assert.Equal("police", decision.LeadUnit?.Id);
        Assert.False(decision.ByFirstResponsibility);
    }

    [Theory]
    [InlineData(IncidentCategory.WaterFailure, "water")]
    [InlineData(IncidentCategory.LiftEntrapment, "fire")]
    [InlineData(IncidentCategory.ManholeCover, "housing")]
    public void Other_cases_go_to_the_competent_department_first(IncidentCategory category, string expected)
    {
        var decision = LeadUnitSelector.Decide(Draft(category), County);

        Assert.Equal(LeadPolicy.CompetentDepartmentFirst, decision.Policy);
        Assert.Equal(expected, decision.LeadUnit?.Id);
    }

    [Fact]
    public void Competent_department_prefers_the_higher_tier_when_several_serve_the_category()
    {
        // Natural disaster is served by the tier 1 town and the tier 3 weather office.
        var decision = LeadUnitSelector.Decide(Draft(IncidentCategory.NaturalDisaster), County);

        Assert.Equal("town", decision.LeadUnit?.Id);
    }

    [Fact]
    public void Without_a_competent_unit_public_security_accepts_first_by_first_responsibility()
    {
        var decision = LeadUnitSelector.Decide(Draft(IncidentCategory.DogAttack), County);

        Assert.Equal("police", decision.LeadUnit?.Id);
        Assert.True(decision.ByFirstResponsibility);
    }

    [Fact]
    public void Non_emergencies_are_marked_for_a_12345_work_order_and_get_no_lead_unit()
    {
        var decision = LeadUnitSelector.Decide(Draft(IncidentCategory.WaterFailure, emergency: false), County);

        Assert.True(decision.NeedsWorkOrder12345);
        Assert.Null(decision.LeadUnit);
    }

    [Theory]
    [InlineData(IncidentCategory.Shipwreck)]
    [InlineData(IncidentCategory.OilSpill)]
    [InlineData(IncidentCategory.FishingAccident)]
    public void Maritime_cases_are_handed_to_the_maritime_rescue_centre(IncidentCategory category)
    {
        var decision = LeadUnitSelector.Decide(Draft(category), County);

        Assert.Equal(LeadPolicy.MaritimeHandover, decision.Policy);
        Assert.True(decision.HandToMaritimeRescue);
        Assert.Equal("msar", decision.LeadUnit?.Id);
    }

    [Fact]
    public void Maritime_case_without_a_maritime_unit_falls_back_to_public_security()
    {
        var decision = LeadUnitSelector.Decide(Draft(IncidentCategory.Shipwreck), County.Where(u => u.Role != UnitRole.MaritimeRescue));

        Assert.False(decision.HandToMaritimeRescue);
        Assert.True(decision.ByFirstResponsibility);
        Assert.Equal("police", decision.LeadUnit?.Id);
    }
}
