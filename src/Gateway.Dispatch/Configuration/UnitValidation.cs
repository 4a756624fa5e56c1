using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Configuration;

/// <summary>Checks a unit the same way whether it comes from config or from the API.</summary>
public static class UnitValidation
{
    public static IEnumerable<string> Problems(LinkageUnit unit, string keyPrefix)
    {
        if (string.IsNullOrWhiteSpace(unit.Id))
        {
            yield return $"{keyPrefix}:Id is empty";
        }
        if (string.IsNullOrWhiteSpace(unit.Name))
        {
            yield return $"{keyPrefix}:Name is empty";
        }
        if (!Enum.IsDefined(unit.Tier))
        {
            yield return $"{keyPrefix}:Tier must be 1, 2 or 3";
        }
        if (string.IsNullOrWhiteSpace(unit.DutyContact.Phone))
        {
            yield return $"{keyPrefix}:DutyPhone is empty (tier units keep a 24 h duty contact)";
        }
        if (unit.Channels.Count == 0)
        {
            yield return $"{keyPrefix}:Channels is empty (a unit needs at least one way to receive orders)";
        }
        for (var i = 0; i < unit.Channels.Count; i++)
        {
            var channel = unit.Channels[i];
            if (string.IsNullOrWhiteSpace(channel.Address))
            {
                yield return $"{keyPrefix}:Channels:{i}:Address is empty";
            }
            if (channel.AckTimeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                yield return $"{keyPrefix}:Channels:{i}:AckTimeout must be positive";
            }
        }
    }
}
