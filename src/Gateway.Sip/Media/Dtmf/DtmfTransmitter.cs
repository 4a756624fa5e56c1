using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Media.Dtmf;

/// <summary>
/// Sends queued digits on a leg's outgoing stream, one RFC 4733 packet per 20 ms tick in place of
/// audio. The event keeps the timestamp of its first packet while the media clock moves on, so
/// audio resumes with the right timestamps afterwards. Digits queue from any thread; packets are
/// written on the media clock thread.
/// </summary>
public sealed class DtmfTransmitter
{
    private readonly Lock _gate = new();
    private readonly Queue<char> _pending = new();
    private readonly DtmfSender _sender;
    private readonly TimeSpan _toneDuration;
    private readonly int _samplesPerTick;
    private IReadOnlyList<DtmfTrainPacket>? _train;
    private int _next;
    private uint _eventTimestamp;

    public DtmfTransmitter(byte payloadType, TimeSpan toneDuration, int samplesPerTick = 160)
    {
        PayloadType = payloadType;
        _toneDuration = toneDuration;
        _samplesPerTick = samplesPerTick;
        _sender = new DtmfSender(TimeSpan.FromSeconds(samplesPerTick / 8000.0));
    }

    /// <summary>Negotiated telephone-event payload type (often 101).</summary>
    public byte PayloadType { get; }

    public bool IsSending => _train is not null;

    /// <summary>Queues digits (0-9, *, #, A-D); anything else is rejected before anything is queued.</summary>
    public void Enqueue(string digits)
    {
        foreach (char digit in digits)
        {
            if (!DtmfDigits.TryGetEvent(digit, out _)) throw new ArgumentException($"'{digit}' is not a DTMF symbol.", nameof(digits));
        }

        lock (_gate)
        {
            foreach (char digit in digits) _pending.Enqueue(digit);
        }
    }

    /// <summary>
    /// On a media tick: writes the next event packet into <paramref name="datagram"/> and returns its
    /// length, or 0 when no digit is being sent (send audio instead).
    /// </summary>
    public int WriteNext(RtpPacketizer packetizer, Span<byte> datagram)
    {
        if (_train is null)
        {
            char digit;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out digit)) return 0;
            }

            _train = _sender.BuildTrain(digit, _toneDuration);
            _next = 0;
            _eventTimestamp = packetizer.NextTimestamp;
        }

        var packet = _train[_next++];
        Span<byte> payload = stackalloc byte[TelephoneEvent.Length];
        packet.Event.Write(payload);
        int length = packetizer.WriteAt(datagram, PayloadType, payload, _eventTimestamp, packet.Marker);
        packetizer.Skip(_samplesPerTick);
        if (_next == _train.Count) _train = null;
        return length;
    }
}
