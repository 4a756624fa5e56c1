using Gateway.Dispatch.Events;
using Gateway.Dispatch.Model;

namespace Gateway.Dispatch.Deadlines;

internal static class Recipients
{
    public static IReadOnlyList<AlertRecipient> ForReminder(LinkageUnit? unit) =>
    [
        new(RecipientRole.Dispatcher, null, null),
        new(RecipientRole.UnitDuty, unit?.DutyContact.Name, unit?.DutyContact.Phone),
    ];

    public static IReadOnlyList<AlertRecipient> ForEscalation(LinkageUnit? unit) =>
    [
        new(RecipientRole.Dispatcher, null, null),
        new(RecipientRole.UnitSupervisor, unit?.SupervisorContact.Name, unit?.SupervisorContact.Phone),
    ];
}
