using Gateway.Sip.Media.Conference;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Conference;

/// <summary>A room in use: the mixer and the 20 ms clock that drives it, shared by the calls in it.</summary>
public sealed class ActiveConferenceRoom
{
    internal ActiveConferenceRoom(string name, ConferenceRoom room, MediaFrameClock clock)
    {
        Name = name;
        Room = room;
        Clock = clock;
    }

    public string Name { get; }

    public ConferenceRoom Room { get; }

    internal MediaFrameClock Clock { get; }

    /// <summary>Calls that entered and have not yet exited (guarded by the registry's lock).</summary>
    internal int Calls { get; set; }
}

/// <summary>
/// The named rooms of <c>app:conference:NAME</c>: the first call into a name opens the room and starts its clock, the
/// last one out stops the clock and releases it; a later call to the same name gets a fresh room.
/// </summary>
public sealed class ConferenceRooms
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveConferenceRoom> _rooms = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConferenceMetrics? _metrics;

    public ConferenceRooms(ConferenceMetrics? metrics = null)
    {
        _metrics = metrics;
    }

    public int Count
    {
        get
        {
            lock (_gate) return _rooms.Count;
        }
    }

    /// <summary>The open room with this name, if any (tests and diagnostics).</summary>
    public ActiveConferenceRoom? Find(string name)
    {
        lock (_gate) return _rooms.GetValueOrDefault(name);
    }

    /// <summary>Counts a call into the room, opening it when it is the first.</summary>
    public ActiveConferenceRoom Enter(string name, TimeProvider time, ILoggerFactory loggers)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(name, out var active))
            {
                var room = new ConferenceRoom(time);
                active = new ActiveConferenceRoom(name, room, new MediaFrameClock(room.Tick, time, loggers.CreateLogger<MediaFrameClock>()));
                _rooms.Add(name, active);
                _metrics?.Rooms.Add(1);
            }

            active.Calls++;
            return active;
        }
    }

    /// <summary>Counts a call out (after its member was removed from the mix); the last one stops and releases the room.</summary>
    public async Task ExitAsync(ActiveConferenceRoom active)
    {
        lock (_gate)
        {
            if (--active.Calls > 0) return;
            _rooms.Remove(active.Name);
            _metrics?.Rooms.Add(-1);
        }

        await active.Clock.DisposeAsync().ConfigureAwait(false);
    }
}
