namespace Gateway.Sip.Call.Conference;

/// <summary>
/// <c>app:conference:ROOM</c>: every call to the route is answered and joins the named room on the decoded path
/// (jitter buffer → N-party mixer → encoded per leg in its own codec and ptime). Rooms open with their first call
/// and are released when the last one leaves.
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
        if (ValidateArgument(context.Argument) is { } problem)
        {
            // Start-up validation refuses such routes; this guards library users who skip it.
            context.Inbound.Reject(404, "Not Found");
            context.Ended(new UserAgent.SipSessionEnd(UserAgent.SipSessionEndKind.Rejected, 404, problem));
            return;
        }

        new ConferenceCall(context, Rooms, _metrics).Start(context.Argument!);
    }

    public string? ValidateArgument(string? argument)
    {
        if (string.IsNullOrEmpty(argument)) return "needs a room name: app:conference:ROOM";
        if (argument.Length > MaxRoomNameLength) return $"room name longer than {MaxRoomNameLength} characters";
        foreach (char c in argument)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return $"room name '{argument}' may use only letters, digits, '-', '_' and '.'";
        }

        return null;
    }
}
