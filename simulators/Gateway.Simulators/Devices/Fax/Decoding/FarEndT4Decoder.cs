namespace Gateway.Simulators.Devices.Fax.Decoding;

/// <summary>
/// The simulated receiver's own T.4 decoder (MH, and MR with the EOL tag bit): slow and simple — one
/// bit at a time, code words looked up by (length, value) — so it shares nothing with the gateway's
/// table-driven codec. A bad line is counted, replaced by the line before it (as fax machines do) and
/// decoding resumes at the next EOL.
/// </summary>
internal sealed class FarEndT4Decoder(int width, bool twoDimensional)
{
    private const int MaxRows = 8192;

    public ReceivedPage Decode(byte[] data)
    {
        var reader = new LsbFirstBitReader(data);
        var rows = new List<byte[]>();
        var reference = new bool[width];
        int badRows = 0;
        bool endOfPage = false;
        bool atLine = reader.SkipToEndOfLine();
        while (atLine && rows.Count < MaxRows)
        {
            bool oneDimensional = !twoDimensional || reader.Read() == 1;
            if (reader.EolFollows())
            {
                endOfPage = true;
                break;
            }

            var line = new bool[width];
            bool good = oneDimensional ? DecodeOneDimensional(reader, line) : DecodeTwoDimensional(reader, reference, line);
            good = good && EndsWithEol(reader, out atLine);
            if (!good)
            {
                badRows++;
                line = (bool[])reference.Clone();
                atLine = reader.SkipToEndOfLine();
            }

            rows.Add(Pack(line));
            reference = line;
        }

        return new ReceivedPage(width, rows, badRows, endOfPage);
    }

    private bool DecodeOneDimensional(LsbFirstBitReader reader, bool[] line)
    {
        int position = 0;
        bool black = false;
        while (position < width)
        {
            int run = ReadRun(reader, black);
            if (run < 0 || position + run > width)
            {
                return false;
            }

            Fill(line, position, position + run, black);
            position += run;
            black = !black;
        }

        return true;
    }

    private bool DecodeTwoDimensional(LsbFirstBitReader reader, bool[] reference, bool[] line)
    {
        int a0 = -1;
        bool black = false;
        while (a0 < width)
        {
            (int b1, int b2) = FindB1B2(reference, a0, black);
            Mode mode = ReadMode(reader);
            switch (mode)
            {
                case Mode.Pass:
                    Fill(line, Math.Max(a0, 0), b2, black);
                    a0 = b2;
                    break;
                case Mode.Horizontal:
                    int start = Math.Max(a0, 0);
                    int first = ReadRun(reader, black);
                    int second = first < 0 ? -1 : ReadRun(reader, !black);
                    if (second < 0 || start + first + second > width)
                    {
                        return false;
                    }

                    Fill(line, start, start + first, black);
                    Fill(line, start + first, start + first + second, !black);
                    a0 = start + first + second;
                    break;
                case Mode.Vertical0:
                case Mode.VerticalRight1:
                case Mode.VerticalRight2:
                case Mode.VerticalRight3:
                case Mode.VerticalLeft1:
                case Mode.VerticalLeft2:
                case Mode.VerticalLeft3:
                    int a1 = b1 + Offset(mode);
                    if (a1 < Math.Max(a0, 0) || a1 > width)
                    {
                        return false;
                    }

                    Fill(line, Math.Max(a0, 0), a1, black);
                    a0 = a1;
                    black = !black;
                    break;
                default:
                    return false;
            }
        }

        return a0 == width;
    }

    /// <summary>b1: first change on the reference line right of a0 to the colour opposite a0's; b2: the change after it.</summary>
    private (int B1, int B2) FindB1B2(bool[] reference, int a0, bool black)
    {
        int b1 = width;
        for (int x = a0 + 1; x < width; x++)
        {
            bool before = x > 0 && reference[x - 1];
            if (reference[x] != before && reference[x] != black)
            {
                b1 = x;
                break;
            }
        }

        int b2 = width;
        for (int x = b1 + 1; x < width; x++)
        {
            if (reference[x] != reference[x - 1])
            {
                b2 = x;
                break;
            }
        }

        return (b1, b2);
    }

    private static Mode ReadMode(LsbFirstBitReader reader)
    {
        int code = 0;
        for (int length = 1; length <= 7; length++)
        {
            int bit = reader.Read();
            if (bit < 0)
            {
                return Mode.Invalid;
            }

            code = (code << 1) | bit;
            Mode mode = (length, code) switch
            {
                (1, 0b1) => Mode.Vertical0,
                (3, 0b011) => Mode.VerticalRight1,
                (3, 0b010) => Mode.VerticalLeft1,
                (3, 0b001) => Mode.Horizontal,
                (4, 0b0001) => Mode.Pass,
                (6, 0b000011) => Mode.VerticalRight2,
                (6, 0b000010) => Mode.VerticalLeft2,
                (7, 0b0000011) => Mode.VerticalRight3,
                (7, 0b0000010) => Mode.VerticalLeft3,
                _ => Mode.Invalid,
            };
            if (mode != Mode.Invalid)
            {
                return mode;
            }
        }

        return Mode.Invalid;
    }

    private static int Offset(Mode mode) => mode switch
    {
        Mode.VerticalRight1 => 1,
        Mode.VerticalRight2 => 2,
        Mode.VerticalRight3 => 3,
        Mode.VerticalLeft1 => -1,
        Mode.VerticalLeft2 => -2,
        Mode.VerticalLeft3 => -3,
        _ => 0,
    };

    /// <summary>A whole run: make-up codes add up until a terminating code (&lt; 64). -1 on an unknown code.</summary>
    private static int ReadRun(LsbFirstBitReader reader, bool black)
    {
        IReadOnlyDictionary<int, int> codes = black ? T4CodeBook.Black : T4CodeBook.White;
        int total = 0;
        while (true)
        {
            int code = 0;
            int length = 0;
            int run = -1;
            while (length < 13)
            {
                int bit = reader.Read();
                if (bit < 0)
                {
                    return -1;
                }

                code = (code << 1) | bit;
                length++;
                if (codes.TryGetValue(T4CodeBook.Key(length, code), out run))
                {
                    break;
                }
            }

            if (run < 0)
            {
                return -1;
            }

            total += run;
            if (run < 64)
            {
                return total;
            }
        }
    }

    /// <summary>After a line only fill zeros and an EOL may come; the end of the data also ends the page.</summary>
    private static bool EndsWithEol(LsbFirstBitReader reader, out bool atNextLine)
    {
        int zeros = 0;
        int bit;
        while ((bit = reader.Read()) == 0)
        {
            zeros++;
        }

        atNextLine = bit == 1;
        return bit < 0 || zeros >= 11;
    }

    private static void Fill(bool[] line, int from, int to, bool black)
    {
        if (black)
        {
            Array.Fill(line, true, from, to - from);
        }
    }

    private byte[] Pack(bool[] line)
    {
        var row = new byte[(width + 7) / 8];
        for (int x = 0; x < width; x++)
        {
            if (line[x])
            {
                row[x >> 3] |= (byte)(0x80 >> (x & 7));
            }
        }

        return row;
    }
}

/// <summary>MR coding modes (T.4 Table 4).</summary>
internal enum Mode
{
    Invalid,
    Pass,
    Horizontal,
    Vertical0,
    VerticalRight1,
    VerticalRight2,
    VerticalRight3,
    VerticalLeft1,
    VerticalLeft2,
    VerticalLeft3,
}
