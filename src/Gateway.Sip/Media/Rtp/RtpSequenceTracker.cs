namespace Gateway.Sip.Media.Rtp;

/// <summary>What <see cref="RtpSequenceTracker.Update"/> decided about a packet.</summary>
public enum SequenceVerdict
{
    /// <summary>In order or acceptably reordered; counted.</summary>
    Accepted,

    /// <summary>Source still on probation (RFC 3550 A.1); not yet counted.</summary>
    Probation,

    /// <summary>Large jump; tracker restarted on this packet after two in a row.</summary>
    Restarted,

    /// <summary>Very old or a large jump not yet confirmed; ignored.</summary>
    Discarded,
}

/// <summary>
/// Sequence-number bookkeeping of RFC 3550 appendix A.1: 16-bit wrap into an extended
/// sequence number, probation of new sources, loss and loss-fraction for reception reports.
/// </summary>
public sealed class RtpSequenceTracker
{
    private const int SequenceModulus = 1 << 16;
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int MinSequential = 2;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulus + 1;
    private int _probation = MinSequential;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _initialised;

    /// <summary>Highest sequence number seen, extended with the wrap count.</summary>
    public long ExtendedHighestSequence => _cycles + _maxSequence;

    public long Received => _received;

    public long Expected => _initialised && _probation == 0 ? ExtendedHighestSequence - _baseSequence + 1 : 0;

    /// <summary>Cumulative packets lost (may be negative with duplicates, per RFC 3550).</summary>
    public long CumulativeLost => Expected - _received;

    /// <summary>Starts tracking a (new) source on <paramref name="sequence"/>.</summary>
    public void Reset(ushort sequence)
    {
        InitialiseSequence(sequence);
        _maxSequence = (ushort)(sequence - 1);
        _probation = MinSequential;
        _initialised = true;
    }

    public SequenceVerdict Update(ushort sequence)
    {
        if (!_initialised) Reset(sequence);

        ushort delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    InitialiseSequence(sequence);
                    _received++;
                    return SequenceVerdict.Accepted;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSequence = sequence;
            }

            return SequenceVerdict.Probation;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence) _cycles += SequenceModulus;
            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulus - MaxMisorder)
        {
            if (sequence == _badSequence)
            {
                // Two sequential packets after a jump: the source restarted without telling us.
                InitialiseSequence(sequence);
                _received++;
                return SequenceVerdict.Restarted;
            }

            _badSequence = (uint)((sequence + 1) & (SequenceModulus - 1));
            return SequenceVerdict.Discarded;
        }

        // else: duplicate or reordered packet, counted as received.
        _received++;
        return SequenceVerdict.Accepted;
    }

    /// <summary>
    /// Loss fraction since the previous call, as the 8-bit fixed-point value of a report block
    /// (lost/expected × 256, 0 when packets were duplicated).
    /// </summary>
    public byte TakeFractionLost()
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) return 0;
        return (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
    }

    private void InitialiseSequence(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}
