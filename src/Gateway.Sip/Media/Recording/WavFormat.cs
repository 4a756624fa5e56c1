using System.Buffers.Binary;

namespace Gateway.Sip.Media.Recording;

/// <summary>Canonical 44-byte header of a 16-bit PCM WAV file.</summary>
internal static class WavFormat
{
    public const int HeaderLength = 44;
    public const int RiffSizeOffset = 4;
    public const int DataSizeOffset = 40;

    public static void WriteHeader(Span<byte> header, int sampleRate, int channels, uint dataLength)
    {
        int blockAlign = channels * 2;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 36 + dataLength);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);                     // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataLength);
    }
}
