using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Gateway.Simulators.Devices.Fax.Decoding;

namespace Gateway.Simulators.Devices.Fax.Output;

/// <summary>Writes a received page as a 1-bit greyscale PNG (in PNG greyscale 1 is white, so fax bits are inverted).</summary>
internal static class BitonalPngFile
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(ReceivedPage page, string path)
    {
        using var file = File.Create(path);
        file.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)page.Width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)page.Height);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale; compression, filter and interlace stay 0
        WriteChunk(file, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var line = new byte[page.Stride + 1];
            foreach (byte[] row in page.Rows)
            {
                line[0] = 0; // filter: none
                for (int i = 0; i < row.Length; i++)
                {
                    line[i + 1] = (byte)~row[i];
                }

                zlib.Write(line);
            }
        }

        WriteChunk(file, "IDAT", pixels.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (byte value in data)
        {
            crc = CrcTable[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
