namespace Gateway.Sip.Call.Conference;

/// <summary>
/// <c>app:conference:ROOM</c>: every call to the route is answered and joins the named room on the decoded path
/// (jitter buffer → N-party mixer → encoded per leg in its own codec and ptime). Plain <c>app:conference</c> is a
/// meet-me prefix: the called number names the room. Rooms open with their first call and are released when the
/// last one leaves.
/// </summary>
public sealed class ConferenceApplication : ICallApplication
{
    public const string ApplicationName = "conference";
    private const int MaxRoomNameLength = 64;

    private readonly ConferenceMetrics? _metrics;

    public ConferenceApplication(ConferenceRooms rooms, ConferenceMetrics? metrics = null)
    {
        Rooms = rooms;
        _metrics = metrics;
    }

    public string Name => ApplicationName;

    public ConferenceRooms Rooms { get; }

    public void Accept(CallApplicationContext context)
    {
        string room = string.IsNullOrEmpty(context.Argument) ? context.Inbound.CalledNumber : context.Argument;
        if (CheckRoomName(room) is { } problem)
        {
            // A configured room name passed start-up validation; a called number may still be unfit as a name.
            context.Inbound.Reject(404, "Not Found");
            context.Ended(new UserAgent.SipSessionEnd(UserAgent.SipSessionEndKind.Rejected, 404, problem));
            return;
        }

        new ConferenceCall(context, Rooms, _metrics).Start(room);
    }

    /// <summary>No argument (room = called number) or a room name of letters, digits, '-', '_' and '.'.</summary>
    public string? ValidateArgument(string? argument) => string.IsNullOrEmpty(argument) ? null : CheckRoomName(argument);

    private static string? CheckRoomName(string argument)
    {
        if (argument.Length == 0) return "empty room name";
        if (argument.Length > MaxRoomNameLength) return $"room name longer than {MaxRoomNameLength} characters";
        foreach (char c in argument)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return $"room name '{argument}' may use only letters, digits, '-', '_' and '.'";
        }

        return null;
    }
}
