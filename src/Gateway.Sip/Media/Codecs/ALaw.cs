using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Sip.Media.Codecs;

/// <summary>
/// ITU-T G.711 A-law with lookup tables built once from the segment rules.
/// Encoding indexes a 13-bit table (A-law only uses the top 13 bits of a sample).
/// </summary>
public static class ALaw
{
    private const byte EvenBitInversion = 0x55;
    private static readonly short[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    public static short Decode(byte code) => DecodeTable[code];

    public static byte Encode(short sample) => EncodeTable[(ushort)sample >> 3];

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
        for (int i = 0; i < pcm.Length; i++) Unsafe.Add(ref destination, i) = Unsafe.Add(ref table, (ushort)pcm[i] >> 3);
    }

    /// <summary>Reference (table-free) encoder following the G.711 segment rules on a 13-bit sample.</summary>
    internal static byte EncodeBySegments(short sample)
    {
        int value = sample >> 3;           // 13-bit signed
        int sign = 0x80;                   // A-law: sign bit set means positive
        if (value < 0)
        {
            value = ~value;                // one's complement keeps the quantiser symmetric
            sign = 0;
        }

        int code;
        if (value < 32)
        {
            code = value >> 1;
        }
        else
        {
            int segment = 1;
            while (value >= (32 << segment)) segment++;
            code = (segment << 4) | ((value >> segment) & 0x0F);
        }

        return (byte)((sign | code) ^ EvenBitInversion);
    }

    /// <summary>Reference decoder: the midpoint of the code's quantisation interval in 16-bit scale.</summary>
    internal static short DecodeBySegments(byte code)
    {
        int value = code ^ EvenBitInversion;
        int segment = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int magnitude = segment == 0
            ? (mantissa << 4) + 8
            : ((mantissa << 4) + 0x108) << (segment - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++) table[code] = DecodeBySegments((byte)code);
        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[8192];
        for (int index = 0; index < table.Length; index++) table[index] = EncodeBySegments((short)(index << 3));
        return table;
    }
}
