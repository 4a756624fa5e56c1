using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Sip.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law with lookup tables built once from the segment rules.
/// Encoding indexes a 14-bit table (µ-law only uses the top 14 bits of a sample).
/// </summary>
public static class MuLaw
{
    private const int Bias = 33;          // in 14-bit units (0x84 in 16-bit units)
    private const int Clip = 8158;        // largest 14-bit magnitude before the bias overflows 13 bits
    private static readonly short[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    public static short Decode(byte code) => DecodeTable[code];

    public static byte Encode(short sample) => EncodeTable[(ushort)sample >> 2];

    public static void Decode(ReadOnlySpan<byte> codes, Span<short> pcm)
    {
        if (pcm.Length < codes.Length) throw new ArgumentException("PCM span too short.", nameof(pcm));
        // Lengths are checked above; indexing by ref drops the per-sample bounds checks.
        ref short table = ref MemoryMarshal.GetArrayDataReference(DecodeTable);
        ref short destination = ref MemoryMarshal.GetReference(pcm);
        for (int i = 0; i < codes.Length; i++) Unsafe.Add(ref destination, i) = Unsafe.Add(ref table, codes[i]);
    }

    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> codes)
    {
        if (codes.Length < pcm.Length) throw new ArgumentException("Code span too short.", nameof(codes));
        ref byte table = ref MemoryMarshal.GetArrayDataReference(EncodeTable);
        ref byte destination = ref MemoryMarshal.GetReference(codes);
        for (int i = 0; i < pcm.Length; i++) Unsafe.Add(ref destination, i) = Unsafe.Add(ref table, (ushort)pcm[i] >> 2);
    }

    internal static byte EncodeBySegments(short sample)
    {
        int value = sample >> 2;           // 14-bit signed
        int sign = 0;
        if (value < 0)
        {
            value = -value;
            sign = 0x80;
        }

        value = Math.Min(value, Clip) + Bias;   // 33..8191
        int segment = 0;
        while (value >= (64 << segment)) segment++;
        int mantissa = (value >> (segment + 1)) & 0x0F;
        return (byte)~(sign | (segment << 4) | mantissa);
    }

    internal static short DecodeBySegments(byte code)
    {
        int value = ~code & 0xFF;
        int segment = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << segment) - 0x84;
        return (short)((value & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++) table[code] = DecodeBySegments((byte)code);
        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[16384];
        for (int index = 0; index < table.Length; index++) table[index] = EncodeBySegments((short)(index << 2));
        return table;
    }
}
