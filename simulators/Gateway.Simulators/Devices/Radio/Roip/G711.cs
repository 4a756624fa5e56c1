namespace Gateway.Simulators.Devices.Radio.Roip;

/// <summary>
/// The simulator's own G.711 (ITU-T G.711 segment tables), kept apart from the gateway's codec so a
/// codec bug on either side shows up as distorted audio in the tests instead of cancelling out.
/// </summary>
public static class G711
{
    public const byte PcmuPayloadType = 0;
    public const byte PcmaPayloadType = 8;

    private static readonly int[] ALawSegmentEnds = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];

    public static short Decode(byte payloadType, byte code) => payloadType == PcmuPayloadType ? DecodeMuLaw(code) : DecodeALaw(code);

    public static byte Encode(byte payloadType, short sample) => payloadType == PcmuPayloadType ? EncodeMuLaw(sample) : EncodeALaw(sample);

    public static short DecodeALaw(byte code)
    {
        int value = code ^ 0x55;
        int magnitude = (value & 0x0F) << 4;
        int segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    public static byte EncodeALaw(short sample)
    {
        int value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        int segment = 0;
        while (segment < 8 && value > ALawSegmentEnds[segment])
        {
            segment++;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        int code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    public static short DecodeMuLaw(byte code)
    {
        int value = ~code & 0xFF;
        int magnitude = (((value & 0x0F) << 3) + 0x84) << ((value & 0x70) >> 4);
        return (short)((value & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    /// <summary>μ-law on the 14-bit magnitude, as the ITU reference: bias 33, eight segments ending at 2^(6+n) − 1.</summary>
    public static byte EncodeMuLaw(short sample)
    {
        int value = sample >> 2;
        int mask = 0xFF;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }

        value = Math.Min(value, 8158) + 33;
        int segment = 0;
        while (segment < 8 && value > (0x40 << segment) - 1)
        {
            segment++;
        }

        int code = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return (byte)(code ^ mask);
    }
}
