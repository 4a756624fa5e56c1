using Gateway.Fax.Imaging;

namespace Gateway.Fax.Codec;

/// <summary>
/// Decodes one page of T.4 MH or MR data. Tolerant like a fax receiver: a line that does not decode
/// to exactly the page width is counted bad, replaced by the line above, and decoding resumes at the
/// next EOL. Garbage never throws; at worst it yields zero rows.
/// </summary>
public sealed class T4Decoder
{
    private const int LongestCodeWord = 13;

    public T4Decoder(T4DecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        Options = options;
    }

    public T4DecoderOptions Options { get; }

    public T4DecodeResult Decode(ReadOnlySpan<byte> data)
    {
        int width = Options.Width;
        bool twoDimensional = Options.Compression == T4Compression.ModifiedRead;
        var rows = new RowSink(width, Math.Min(Options.MaxRows, 2400));
        var reader = new T4BitReader(data, Options.BitOrder);
        int[] reference = new int[width + ChangingElements.SentinelCount + 1];
        int[] coding = new int[reference.Length];
        ChangingElements.AppendSentinels(reference, 0, width);
        int referenceCount = 0;
        int badRows = 0;
        bool endOfPage = false;
        bool truncated = false;

        bool atLineStart = reader.SkipToEndOfLine();
        while (atLineStart)
        {
            uint tag = twoDimensional ? reader.ReadBit() : 1;
            int consecutiveEols = 1;
            long zeros;
            while ((zeros = reader.ZerosBeforeNextOne()) >= 11)
            {
                reader.Skip((int)Math.Min(zeros + 1, int.MaxValue));
                tag = twoDimensional ? reader.ReadBit() : 1;
                consecutiveEols++;
            }

            if (consecutiveEols >= 2)
            {
                endOfPage = true;
                break;
            }

            if (zeros < 0)
            {
                break;
            }

            if (rows.Count == Options.MaxRows)
            {
                truncated = true;
                break;
            }

            int count = tag == 1
                ? DecodeOneDimensional(ref reader, coding, width)
                : DecodeTwoDimensional(ref reader, reference, coding, width);
            bool good = count >= 0;
            if (good)
            {
                long fill = reader.ZerosBeforeNextOne();
                if (fill >= 11)
                {
                    reader.Skip((int)(fill + 1));
                }
                else if (fill >= 0)
                {
                    good = false;
                }

                atLineStart = fill >= 11;
            }

            if (!good)
            {
                badRows++;
                Array.Copy(reference, coding, referenceCount + ChangingElements.SentinelCount);
                count = referenceCount;
                atLineStart = reader.SkipToEndOfLine();
            }

            ChangingElements.AppendSentinels(coding, count, width);
            rows.Add(coding, count);
            (reference, coding) = (coding, reference);
            referenceCount = count;
        }

        return new T4DecodeResult(rows.ToBitmap(), badRows, endOfPage, truncated);
    }

    /// <summary>Decodes runs until the line is full; returns the number of changes or −1 on an error.</summary>
    private static int DecodeOneDimensional(ref T4BitReader reader, int[] changes, int width)
    {
        int position = 0;
        int count = 0;
        bool black = false;
        while (position < width)
        {
            int run = DecodeRun(ref reader, black, width);
            if (run < 0 || position + run > width)
            {
                return -1;
            }

            position += run;
            if (position < width)
            {
                AddChange(changes, ref count, position);
            }

            black = !black;
        }

        return count;
    }

    /// <summary>T.4 §4.2.1.3 in reverse: rebuilds the coding line's changes from the reference line.</summary>
    private static int DecodeTwoDimensional(ref T4BitReader reader, int[] reference, int[] changes, int width)
    {
        int a0 = -1;
        bool black = false;
        int count = 0;
        int referenceIndex = 0;
        while (a0 < width)
        {
            int entry = T4DecodeTables.Modes[reader.Peek(T4DecodeTables.ModeLookupBits)];
            if (entry == 0)
            {
                return -1;
            }

            reader.Skip(entry & 0xF);
            int mode = (entry >> 4) - 1;
            // Sentinels equal the width and a0 < width here, so this stops at the latest on the first sentinel.
            while (reference[referenceIndex] <= a0)
            {
                referenceIndex++;
            }

            int b1Index = referenceIndex + (((referenceIndex & 1) == 0) == black ? 1 : 0);
            int b1 = reference[b1Index];
            if (mode == T4DecodeTables.ModePass)
            {
                a0 = reference[b1Index + 1];
            }
            else if (mode == T4DecodeTables.ModeHorizontal)
            {
                int first = DecodeRun(ref reader, black, width);
                int second = first < 0 ? -1 : DecodeRun(ref reader, !black, width);
                int a1 = Math.Max(a0, 0) + first;
                int a2 = a1 + second;
                if (second < 0 || a2 > width || a2 <= a0)
                {
                    return -1;
                }

                if (a1 < width)
                {
                    AddChange(changes, ref count, a1);
                }

                if (a2 < width)
                {
                    AddChange(changes, ref count, a2);
                }

                a0 = a2;
            }
            else
            {
                int a1 = b1 + mode - T4DecodeTables.ModeVerticalBase - 3;
                if (a1 <= a0 || a1 > width)
                {
                    return -1;
                }

                if (a1 < width)
                {
                    AddChange(changes, ref count, a1);
                }

                a0 = a1;
                black = !black;
            }
        }

        return count;
    }

    /// <summary>Make-up codes then one terminating code; −1 on an invalid code or an impossible length.</summary>
    private static int DecodeRun(ref T4BitReader reader, bool black, int width)
    {
        int[] table = black ? T4DecodeTables.Black : T4DecodeTables.White;
        int total = 0;
        while (true)
        {
            int entry = table[reader.Peek(LongestCodeWord)];
            if (entry == 0)
            {
                return -1;
            }

            reader.Skip(entry & 0xF);
            int run = entry >> 4;
            total += run;
            if (run < 64)
            {
                return total;
            }

            if (total > width)
            {
                return -1;
            }
        }
    }

    // Two changes at one place cancel out (a zero-length run).
    private static void AddChange(int[] changes, ref int count, int position)
    {
        if (count > 0 && changes[count - 1] == position)
        {
            count--;
        }
        else
        {
            changes[count++] = position;
        }
    }

    /// <summary>Collects decoded rows into packed storage that grows as needed.</summary>
    private sealed class RowSink(int width, int initialRows)
    {
        private readonly int _stride = FaxBitmap.StrideFor(width);
        private byte[] _pixels = new byte[FaxBitmap.StrideFor(width) * initialRows];

        public int Count { get; private set; }

        public void Add(int[] changes, int count)
        {
            int offset = Count * _stride;
            if (offset + _stride > _pixels.Length)
            {
                Array.Resize(ref _pixels, _pixels.Length * 2);
            }

            Span<byte> row = _pixels.AsSpan(offset, _stride);
            for (int i = 0; i < count; i += 2)
            {
                FaxBitmap.FillBlack(row, changes[i], i + 1 < count ? changes[i + 1] : width);
            }

            Count++;
        }

        public FaxBitmap ToBitmap() => new(width, Count, _pixels);
    }
}
