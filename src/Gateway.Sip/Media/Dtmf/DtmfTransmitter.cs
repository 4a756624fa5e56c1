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
    /// <summary>Longest tone one event can carry: its duration field is 16 bits of 8 kHz samples (RFC 4733 §2.5.2.3 would need segments beyond).</summary>
    public static readonly TimeSpan MaxToneDuration = TimeSpan.FromSeconds(ushort.MaxValue / 8000.0);

    private readonly Lock _gate = new();
    private readonly Queue<(char Digit, TimeSpan Duration)> _pending = new();
    private readonly DtmfSender _sender;
    private readonly TimeSpan _toneDuration;
    private readonly int _samplesPerTick;
    private IReadOnlyList<DtmfTrainPacket>? _train;
    private (char Digit, TimeSpan Duration) _current;
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

    /// <summary>True while a digit is being sent or waits in the queue.</summary>
    public bool HasWork
    {
        get
        {
            if (_train is not null) return true;
            lock (_gate) return _pending.Count > 0;
        }
    }

    /// <summary>Raised on the clock thread once a digit's last end packet went out (digit, tone duration).</summary>
    public event Action<char, TimeSpan>? DigitSent;

    /// <summary>
    /// Queues digits (0-9, *, #, A-D), each held <paramref name="toneDuration"/> (default: the transmitter's);
    /// anything else is rejected before anything is queued.
    /// </summary>
    public void Enqueue(string digits, TimeSpan? toneDuration = null)
    {
        foreach (char digit in digits)
        {
            if (!DtmfDigits.TryGetEvent(digit, out _)) throw new ArgumentException($"'{digit}' is not a DTMF symbol.", nameof(digits));
        }

        var duration = toneDuration ?? _toneDuration;
        if (duration <= TimeSpan.Zero || duration > MaxToneDuration)
            throw new ArgumentOutOfRangeException(nameof(toneDuration), $"A tone lasts more than 0 and at most {MaxToneDuration.TotalMilliseconds:F0} ms.");
        lock (_gate)
        {
            foreach (char digit in digits) _pending.Enqueue((char.ToUpperInvariant(digit), duration));
        }
    }

    /// <summary>
    /// Empties the queue and returns the digits that never started (the leg is going away); a digit already on the
    /// wire is not among them.
    /// </summary>
    public IReadOnlyList<(char Digit, TimeSpan Duration)> TakeUnsent()
    {
        lock (_gate)
        {
            if (_pending.Count == 0) return [];
            var unsent = _pending.ToArray();
            _pending.Clear();
            return unsent;
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
            lock (_gate)
            {
                if (!_pending.TryDequeue(out _current)) return 0;
            }

            _train = _sender.BuildTrain(_current.Digit, _current.Duration);
            _next = 0;
            _eventTimestamp = packetizer.NextTimestamp;
        }

        var packet = _train[_next++];
        Span<byte> payload = stackalloc byte[TelephoneEvent.Length];
        packet.Event.Write(payload);
        int length = packetizer.WriteAt(datagram, PayloadType, payload, _eventTimestamp, packet.Marker);
        packetizer.Skip(_samplesPerTick);
        if (_next == _train.Count)
        {
            _train = null;
            DigitSent?.Invoke(_current.Digit, TimeSpan.FromSeconds(packet.Event.Duration / 8000.0));
        }

        return length;
    }
}
