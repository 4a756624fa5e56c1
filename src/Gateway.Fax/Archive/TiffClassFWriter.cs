using System.Buffers.Binary;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Archive;

/// <summary>
/// Writes pages as TIFF Class F (TIFF 6.0 with Compression 3, T.4 coded, one IFD per page, 204 dpi
/// across and 98/196 lpi down). Little-endian, one strip per page, EOLs byte-aligned (T4Options bit 2),
/// no RTC (TIFF readers stop at ImageLength rows). Written by hand: it is ~100 lines and keeps the
/// strips exactly as our encoder produced them.
/// </summary>
public static class TiffClassFWriter
{
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;
    private const ushort TypeRational = 5;
    private const int EntryCount = 17;

    public static void Write(Stream output, IReadOnlyList<FaxBitmap> pages, TiffFaxOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(options);
        if (pages.Count == 0)
        {
            throw new ArgumentException("A fax has at least one page.", nameof(pages));
        }

        var encoderOptions = new T4EncoderOptions
        {
            Compression = options.Compression,
            BitOrder = options.BitOrder,
            Resolution = options.Resolution,
            AlignEolToByte = true,
            AppendRtc = false,
        };
        using var encoder = new T4Encoder(encoderOptions);
        using var file = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        "II"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 42);
        file.Write(header);
        long nextIfdPointer = 4;
        Span<byte> rationals = stackalloc byte[16];

        for (int index = 0; index < pages.Count; index++)
        {
            FaxBitmap page = pages[index];
            ReadOnlyMemory<byte> strip = encoder.Encode(page);
            long stripOffset = file.Position;
            file.Write(strip.Span);
            PadToWord(file);

            long rationalsOffset = file.Position;
            BinaryPrimitives.WriteUInt32LittleEndian(rationals, FaxResolutionExtensions.HorizontalDpi);
            BinaryPrimitives.WriteUInt32LittleEndian(rationals[4..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(rationals[8..], (uint)options.Resolution.LinesPerInch());
            BinaryPrimitives.WriteUInt32LittleEndian(rationals[12..], 1);
            file.Write(rationals);

            long ifdOffset = file.Position;
            Patch(file, nextIfdPointer, (uint)ifdOffset);
            var ifd = new IfdBuilder(EntryCount);
            ifd.Add(254, TypeLong, 1, 2); // NewSubfileType: one page of a multi-page document
            ifd.Add(256, TypeLong, 1, (uint)page.Width);
            ifd.Add(257, TypeLong, 1, (uint)page.Height);
            ifd.Add(258, TypeShort, 1, 1); // BitsPerSample
            ifd.Add(259, TypeShort, 1, 3); // Compression: CCITT T.4
            ifd.Add(262, TypeShort, 1, 0); // Photometric: WhiteIsZero
            ifd.Add(266, TypeShort, 1, options.BitOrder == T4BitOrder.MsbFirst ? 1u : 2u); // FillOrder
            ifd.Add(273, TypeLong, 1, (uint)stripOffset);
            ifd.Add(277, TypeShort, 1, 1); // SamplesPerPixel
            ifd.Add(278, TypeLong, 1, (uint)page.Height); // RowsPerStrip
            ifd.Add(279, TypeLong, 1, (uint)strip.Length);
            ifd.Add(282, TypeRational, 1, (uint)rationalsOffset);
            ifd.Add(283, TypeRational, 1, (uint)rationalsOffset + 8);
            ifd.Add(292, TypeLong, 1, (options.Compression == T4Compression.ModifiedRead ? 1u : 0u) | 4u); // T4Options: 2-D, fill bits
            ifd.Add(296, TypeShort, 1, 2); // ResolutionUnit: inch
            ifd.Add(297, TypeShort, 2, (uint)index | ((uint)pages.Count << 16)); // PageNumber
            ifd.Add(327, TypeShort, 1, 0); // CleanFaxData: clean
            nextIfdPointer = ifdOffset + ifd.Write(file);
        }

        file.Position = 0;
        file.CopyTo(output);
    }

    public static void Write(string path, IReadOnlyList<FaxBitmap> pages, TiffFaxOptions options)
    {
        using FileStream file = File.Create(path);
        Write(file, pages, options);
    }

    private static void PadToWord(Stream file)
    {
        if ((file.Position & 1) != 0)
        {
            file.WriteByte(0);
        }
    }

    private static void Patch(MemoryStream file, long at, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        long end = file.Position;
        file.Position = at;
        file.Write(bytes);
        file.Position = end;
    }

    /// <summary>Entries must be added in ascending tag order (TIFF 6.0 §2).</summary>
    private sealed class IfdBuilder(int capacity)
    {
        private readonly byte[] _bytes = new byte[2 + (capacity * 12) + 4];
        private int _count;

        public void Add(ushort tag, ushort type, uint count, uint value)
        {
            Span<byte> entry = _bytes.AsSpan(2 + (_count * 12), 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            if (type == TypeShort && count == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
            }

            _count++;
        }

        /// <summary>Writes the IFD with a zero next-IFD pointer; returns that pointer's offset within the IFD.</summary>
        public int Write(Stream file)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes, (ushort)_count);
            int length = 2 + (_count * 12) + 4;
            file.Write(_bytes, 0, length);
            return length - 4;
        }
    }
}
