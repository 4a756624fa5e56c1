using Gateway.Dispatch.Configuration;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Tests.Support;

/// <summary>A small county: police, fire, 120, a water company, a tier 2 and a tier 3 office, the maritime SAR centre.</summary>
public static class Units
{
    public static UnitOptions Police => Unit("police", "城关派出所", UnitTier.Tier1, UnitRole.PublicSecurity, UnitArea.Urban,
        [IncidentCategory.PublicSecurity, IncidentCategory.Criminal, IncidentCategory.Traffic], ChannelKind.RadioText, ChannelKind.Fax);

    public static UnitOptions Fire => Unit("fire", "消防大队", UnitTier.Tier1, UnitRole.Fire, UnitArea.Urban,
        [IncidentCategory.Fire, IncidentCategory.LiftEntrapment], ChannelKind.RadioText, ChannelKind.Fax);

    public static UnitOptions Water => Unit("water", "自来水公司", UnitTier.Tier1, UnitRole.Department, UnitArea.Urban,
        [IncidentCategory.WaterFailure], ChannelKind.RadioText, ChannelKind.Fax);

    public static UnitOptions TownRural => Unit("town", "横街镇", UnitTier.Tier1, UnitRole.Department, UnitArea.Rural,
        [IncidentCategory.NaturalDisaster], ChannelKind.RadioText, ChannelKind.Fax);

    public static UnitOptions Housing => Unit("housing", "住建局", UnitTier.Tier2, UnitRole.Department, UnitArea.Urban,
        [IncidentCategory.ManholeCover], ChannelKind.DutyTerminal, ChannelKind.Phone, ChannelKind.Fax);

    public static UnitOptions Weather => Unit("weather", "气象局", UnitTier.Tier3, UnitRole.Department, UnitArea.Urban,
        [IncidentCategory.NaturalDisaster], ChannelKind.Fax);

    public static UnitOptions Maritime => Unit("msar", "海上搜救中心", UnitTier.Tier1, UnitRole.MaritimeRescue, UnitArea.Urban,
        [IncidentCategory.Shipwreck, IncidentCategory.OilSpill, IncidentCategory.FishingAccident], ChannelKind.RadioText, ChannelKind.Fax);

    public static List<UnitOptions> All => [Police, Fire, Water, TownRural, Housing, Weather, Maritime];

    public static UnitOptions Unit(string id, string name, UnitTier tier, UnitRole role, UnitArea area, List<IncidentCategory> categories, params ChannelKind[] channels) => new()
    {
        Id = id,
        Name = name,
        Tier = tier,
        Role = role,
        Area = area,
        Categories = categories,
        DutyName = id + " duty",
        DutyPhone = "0574-1000",
        SupervisorName = id + " chief",
        SupervisorPhone = "0574-2000",
        Channels = [.. channels.Select(k => new UnitChannelOptions { Kind = k, Address = k + ":" + id })],
    };
}
