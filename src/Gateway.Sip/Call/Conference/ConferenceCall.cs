using Gateway.Sip.Media.Codecs;
using Gateway.Sip.Media.Conference;
using Gateway.Sip.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.Conference;

/// <summary>
/// One call in a conference room: answers with an RTP leg, joins the leg to the room on the decoded path (in its own
/// codec and ptime) and, when the call ends, fades it out of the mix before its leg is closed.
/// </summary>
internal sealed class ConferenceCall
{
    /// <summary>How long leaving may wait for the room to drop the member (it takes one 20 ms tick).</summary>
    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(2);

    private readonly CallApplicationContext _context;
    private readonly ConferenceRooms _rooms;
    private readonly ConferenceMetrics? _metrics;
    private readonly ILogger _logger;
    private RtpEndpoint? _leg;
    private ActiveConferenceRoom? _room;
    private ConferenceMember? _member;
    private int _stopped;

    public ConferenceCall(CallApplicationContext context, ConferenceRooms rooms, ConferenceMetrics? metrics)
    {
        _context = context;
        _rooms = rooms;
        _metrics = metrics;
        _logger = context.Media.Loggers.CreateLogger<ConferenceCall>();
    }

    public void Start(string roomName)
    {
        var inbound = _context.Inbound;
        var media = _context.Media;
        if (inbound.RemoteSdp is not { } offer)
        {
            Reject(488, "No offer");
            return;
        }

        var leg = media.OpenLeg();
        var answer = _context.Negotiator.Answer(offer, media.AdvertisedAddress, leg.LocalRtpPort);
        if (answer is null)
        {
            _ = leg.DisposeAsync().AsTask();
            Reject(488, "No common codec");
            return;
        }

        _leg = leg;
        if (CallMediaFactory.RemoteOf(answer.RemoteAddress, answer.RemotePort) is { } remote) leg.SetRemote(remote);
        IAudioCodec codec = answer.Codec.Number == SdpPayloadType.Pcmu.Number ? G711Codec.Pcmu : G711Codec.Pcma;
        int packetTimeMs = ConferencePacketTime.For(answer.Answer.Audio?.PacketTimeMs);
        var room = _rooms.Enter(roomName, media.Time, media.Loggers);
        try
        {
            _member = room.Room.Join(leg, codec, answer.TelephoneEvent?.Number ?? -1, inbound.CallId, packetTimeMs);
        }
        catch (InvalidOperationException)
        {
            // Room full (64 parties): give back what we took; the B2BUA answers 503 and ends the record.
            _ = _rooms.ExitAsync(room);
            _ = leg.DisposeAsync().AsTask();
            throw;
        }

        _room = room;
        _metrics?.Parties.Add(1);
        _metrics?.Joined.Add(1);
        _logger.LogInformation("Call {CallId} joined conference {Room} ({Codec}, {PacketTime} ms); {Members} in the room",
            inbound.CallId, roomName, codec.EncodingName, packetTimeMs, _room.Room.MemberCount);

        inbound.RemoteMediaChanged += (_, changed) =>
        {
            if (CallMediaFactory.RemoteOf(changed.RemoteAddress, changed.RemotePort) is { } moved) leg.SetRemote(moved);
        };
        inbound.Ended += (session, end) => _ = LeaveAsync(end);
        if (inbound.Answer(answer.Answer))
        {
            _context.Features?.AcceptDigits(_context.Record, "caller", _member.Dtmf);
            _context.Answered();
        }
        else if (inbound.End is { } end) _ = LeaveAsync(end);
    }

    private void Reject(int status, string reason)
    {
        _context.Inbound.Reject(status, "Not Acceptable Here");
        _context.Ended(new SipSessionEnd(SipSessionEndKind.Rejected, status, reason));
    }

    private async Task LeaveAsync(SipSessionEnd end)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            if (_room is { } room && _member is { } member)
            {
                room.Room.Leave(member);
                try
                {
                    await member.Removed.WaitAsync(RemovalTimeout, _context.Media.Time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    _logger.LogWarning("Conference {Room} did not drop call {CallId} in time; closing its leg anyway", room.Name, _context.Inbound.CallId);
                }

                _metrics?.Parties.Add(-1);
                if (_leg is { } leg) await _context.Record.ReleaseLegAsync("caller", leg).ConfigureAwait(false);
                await _rooms.ExitAsync(room).ConfigureAwait(false);
            }
            else if (_leg is { } leg)
            {
                await _context.Record.ReleaseLegAsync("caller", leg).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Releasing conference call {CallId} failed", _context.Inbound.CallId);
        }
        finally
        {
            _context.Ended(end);
        }
    }
}

/// <summary>The ptime the room sends on a leg: the negotiated one rounded to 10–60 ms in steps of 10 (20 when none).</summary>
internal static class ConferencePacketTime
{
    public static int For(int? negotiatedMs) => negotiatedMs is { } ms ? Math.Clamp((ms + 5) / 10 * 10, 10, 60) : 20;
}
