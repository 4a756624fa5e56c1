using System.Buffers.Binary;
using Gateway.Sip.Media.Rtp;

namespace Gateway.Sip.Media.Relay;

/// <summary>
/// Rewrites one direction of a relayed stream in place so the far end sees a single continuous
/// source: our SSRC, sequence numbers without jumps and timestamps without jumps, even when the
/// upstream source changes SSRC (re-INVITE, transfer, another phone answering). Payload bytes are
/// never touched. Single-threaded (one receive loop per direction); no allocation.
/// </summary>
public sealed class RtpStreamRewriter
{
    private const uint DefaultTimestampStep = 160;   // 20 ms at 8 kHz until the stream shows its own

    private readonly int _clockRate;
    private bool _hasSource;
    private uint _sourceSsrc;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private ushort _lastSourceSequence;
    private uint _lastSourceTimestamp;
    private ushort _lastOutputSequence;
    private uint _lastOutputTimestamp;
    private uint _timestampStep = DefaultTimestampStep;
    private bool _reanchor;

    public RtpStreamRewriter(uint outputSsrc, ushort initialSequence, uint initialTimestamp, int clockRate = 8000)
    {
        OutputSsrc = outputSsrc;
        _clockRate = clockRate;
        _lastOutputSequence = (ushort)(initialSequence - 1);
        _lastOutputTimestamp = initialTimestamp - DefaultTimestampStep;
    }

    public uint OutputSsrc { get; }

    /// <summary>How many times the upstream SSRC changed under us.</summary>
    public int SourceChanges { get; private set; }

    /// <summary>
    /// Rewrites <paramref name="packet"/> (a datagram already parsed as valid RTP).
    /// Returns true when this packet started a new upstream source.
    /// </summary>
    public bool Rewrite(Span<byte> packet)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);

        bool newSource = !_hasSource || ssrc != _sourceSsrc;
        bool anchor = newSource || _reanchor;
        if (anchor)
        {
            if (newSource && _hasSource) SourceChanges++;
            _hasSource = true;
            _reanchor = false;
            _sourceSsrc = ssrc;
            _sequenceOffset = (ushort)(_lastOutputSequence + 1 - sequence);
            _timestampOffset = _lastOutputTimestamp + _timestampStep - timestamp;
        }
        else
        {
            LearnTimestampStep(sequence, timestamp);
        }

        ushort outputSequence = (ushort)(sequence + _sequenceOffset);
        uint outputTimestamp = timestamp + _timestampOffset;
        if (anchor || (short)(outputSequence - _lastOutputSequence) > 0)
        {
            _lastOutputSequence = outputSequence;
            _lastOutputTimestamp = outputTimestamp;
            _lastSourceSequence = sequence;
            _lastSourceTimestamp = timestamp;
        }

        RtpPacketEditor.SetSequenceNumber(packet, outputSequence);
        RtpPacketEditor.SetTimestamp(packet, outputTimestamp);
        RtpPacketEditor.SetSsrc(packet, OutputSsrc);
        if (anchor) RtpPacketEditor.SetMarker(packet, true);   // tells the receiver's jitter buffer to resynchronise
        return newSource;
    }

    /// <summary>Sequence number and timestamp a packet sent now would carry next in the output stream.</summary>
    public (ushort Sequence, uint Timestamp) ContinuationPoint => ((ushort)(_lastOutputSequence + 1), _lastOutputTimestamp + _timestampStep);

    /// <summary>
    /// Someone else wrote packets into the output stream (RFC 4733 events injected while the source was suppressed)
    /// up to <paramref name="nextSequence"/> / <paramref name="nextTimestamp"/>: the next relayed packet continues
    /// from there, with the marker bit, like a new talkspurt.
    /// </summary>
    public void ResumeAt(ushort nextSequence, uint nextTimestamp)
    {
        _lastOutputSequence = (ushort)(nextSequence - 1);
        _lastOutputTimestamp = nextTimestamp - _timestampStep;
        _reanchor = true;
    }

    private void LearnTimestampStep(ushort sequence, uint timestamp)
    {
        int sequenceDelta = (short)(sequence - _lastSourceSequence);
        int timestampDelta = (int)(timestamp - _lastSourceTimestamp);
        // Only plain consecutive audio packets teach the packet duration (DTMF repeats its timestamp).
        if (sequenceDelta == 1 && timestampDelta > 0 && timestampDelta <= _clockRate / 5)
        {
            _timestampStep = (uint)timestampDelta;
        }
    }
}
