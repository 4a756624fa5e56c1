namespace Gateway.Dispatch.Model;

public sealed record Contact(string Name, string Phone);

/// <summary>One way to reach a unit: the channel kind and its address (ISSI/talkgroup, fax or phone number, terminal id).</summary>
/// <param name="AckTimeout">Overrides the channel kind's configured acknowledgement timeout for this unit.</param>
public sealed record UnitChannel(ChannelKind Kind, string Address, TimeSpan? AckTimeout = null);

public sealed record LinkageUnit(
    string Id,
    string Name,
    UnitTier Tier,
    UnitRole Role,
    UnitArea Area,
    IReadOnlyList<IncidentCategory> Categories,
    Contact DutyContact,
    Contact SupervisorContact,
    IReadOnlyList<UnitChannel> Channels)
{
    public bool Serves(IncidentCategory category) => Categories.Contains(category);

    /// <summary>Tier 3 units advise and coordinate; they never go on scene.</summary>
    public bool GoesOnScene => Tier != UnitTier.Tier3;
}
