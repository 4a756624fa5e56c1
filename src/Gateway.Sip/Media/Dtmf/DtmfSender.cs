namespace Gateway.Sip.Media.Dtmf;

/// <summary>One packet of a DTMF train: the event payload, whether to set the marker, and whether it is an end packet.</summary>
public readonly record struct DtmfTrainPacket(TelephoneEvent Event, bool Marker)
{
    public bool IsEnd => Event.End;
}

/// <summary>
/// Builds the RFC 4733 §2.5 packet train for one digit: a start packet with the marker bit, an
/// update every packet interval with the growing duration, and the final end packet sent three
/// times. All packets of the train carry the same RTP timestamp (the event start), which the
/// caller chooses.
/// </summary>
public sealed class DtmfSender
{
    private const int EndRepetitions = 3;

    public DtmfSender(TimeSpan packetInterval, byte volume = 10, int clockRate = 8000)
    {
        if (packetInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(packetInterval));
        if (volume > 63) throw new ArgumentOutOfRangeException(nameof(volume));
        PacketInterval = packetInterval;
        Volume = volume;
        ClockRate = clockRate;
    }

    public TimeSpan PacketInterval { get; }

    public byte Volume { get; }

    public int ClockRate { get; }

    /// <summary>Packets to send one <see cref="PacketInterval"/> apart (the end repetitions may go back to back).</summary>
    public IReadOnlyList<DtmfTrainPacket> BuildTrain(char digit, TimeSpan toneDuration)
    {
        if (!DtmfDigits.TryGetEvent(digit, out byte eventCode)) throw new ArgumentException($"'{digit}' is not a DTMF symbol.", nameof(digit));
        int step = (int)(PacketInterval.TotalSeconds * ClockRate);
        int total = Math.Clamp((int)(toneDuration.TotalSeconds * ClockRate), step, ushort.MaxValue);

        var train = new List<DtmfTrainPacket>();
        for (int duration = step; duration < total; duration += step)
        {
            train.Add(new DtmfTrainPacket(new TelephoneEvent(eventCode, false, Volume, (ushort)duration), Marker: train.Count == 0));
        }

        for (int i = 0; i < EndRepetitions; i++)
        {
            train.Add(new DtmfTrainPacket(new TelephoneEvent(eventCode, true, Volume, (ushort)total), Marker: train.Count == 0));
        }

        return train;
    }
}
