namespace Gateway.Sip.Media.Dtmf;

/// <summary>A digit received on a leg: its symbol, its RTP timestamp and how long it was held.</summary>
public readonly record struct DtmfDigit(char Digit, uint Timestamp, TimeSpan Duration);

/// <summary>
/// Turns a stream of RFC 4733 packets into digits, each reported exactly once: on its first end
/// packet, with the retransmitted end packets (same timestamp) ignored. An event whose end packets
/// were all lost is still reported when the next event (new timestamp) begins.
/// </summary>
public sealed class DtmfReceiver
{
    private readonly int _clockRate;
    private uint _currentTimestamp;
    private byte _currentEvent;
    private ushort _currentDuration;
    private bool _hasCurrent;
    private bool _currentReported;

    public DtmfReceiver(int clockRate = 8000)
    {
        _clockRate = clockRate;
    }

    public event Action<DtmfDigit>? DigitReceived;

    /// <summary>Feeds one telephone-event packet; returns true when it produced a digit.</summary>
    public bool Process(uint rtpTimestamp, ReadOnlySpan<byte> payload)
    {
        if (!TelephoneEvent.TryParse(payload, out var telephoneEvent) || telephoneEvent.Digit is null) return false;

        bool reported = false;
        if (!_hasCurrent || rtpTimestamp != _currentTimestamp)
        {
            if (_hasCurrent && !_currentReported && IsNewer(rtpTimestamp, _currentTimestamp))
            {
                reported = Report();              // previous event lost all its end packets
            }
            else if (_hasCurrent && !IsNewer(rtpTimestamp, _currentTimestamp))
            {
                return reported;                  // a late packet of an older event
            }

            _hasCurrent = true;
            _currentReported = false;
            _currentTimestamp = rtpTimestamp;
            _currentEvent = telephoneEvent.Event;
            _currentDuration = 0;
        }

        if (_currentReported) return reported;    // retransmitted end packet
        _currentDuration = Math.Max(_currentDuration, telephoneEvent.Duration);
        if (telephoneEvent.End) reported |= Report();
        return reported;
    }

    private bool Report()
    {
        _currentReported = true;
        var digit = new DtmfDigit(DtmfDigits.ToDigit(_currentEvent)!.Value, _currentTimestamp, TimeSpan.FromSeconds((double)_currentDuration / _clockRate));
        DigitReceived?.Invoke(digit);
        return true;
    }

    private static bool IsNewer(uint candidate, uint reference) => (int)(candidate - reference) > 0;
}
