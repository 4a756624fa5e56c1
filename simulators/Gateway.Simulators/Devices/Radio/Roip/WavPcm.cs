using System.Buffers.Binary;

namespace Gateway.Simulators.Devices.Radio.Roip;

/// <summary>16-bit mono PCM WAV files at 8 kHz: the recordings the simulator writes and the replies it plays.</summary>
public static class WavPcm
{
    public const int SampleRate = 8000;
    private const int HeaderLength = 44;

    /// <summary>Writes a 44-byte header with zero lengths; <see cref="Finish"/> fills them in.</summary>
    public static void WriteHeader(Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        "RIFF"u8.CopyTo(header);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        stream.Write(header);
    }

    public static void Finish(Stream stream)
    {
        var dataLength = (int)(stream.Length - HeaderLength);
        Span<byte> field = stackalloc byte[4];
        stream.Position = 4;
        BinaryPrimitives.WriteInt32LittleEndian(field, dataLength + 36);
        stream.Write(field);
        stream.Position = 40;
        BinaryPrimitives.WriteInt32LittleEndian(field, dataLength);
        stream.Write(field);
        stream.Position = stream.Length;
    }

    public static void Write(string path, ReadOnlySpan<short> samples)
    {
        using var stream = File.Create(path);
        WriteHeader(stream);
        Span<byte> pair = stackalloc byte[2];
        foreach (var sample in samples)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pair, sample);
            stream.Write(pair);
        }

        Finish(stream);
    }

    /// <summary>Reads the samples of a 16-bit mono 8 kHz PCM WAV; other formats are refused with a message.</summary>
    public static short[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file");
        }

        var offset = 12;
        var formatOk = false;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.AsSpan(offset, 4);
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = offset + 8;
            if (length < 0 || body + length > bytes.Length)
            {
                length = bytes.Length - body;
            }

            if (id.SequenceEqual("fmt "u8) && length >= 16)
            {
                var format = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body));
                var channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                var bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
                formatOk = format == 1 && channels == 1 && rate == SampleRate && bits == 16;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!formatOk)
                {
                    throw new InvalidDataException($"{path}: only 16-bit mono {SampleRate} Hz PCM is played");
                }

                var samples = new short[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (2 * i)));
                }

                return samples;
            }

            offset = body + length + (length & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
