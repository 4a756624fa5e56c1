namespace Gateway.Fax.Codec;

/// <summary>Direct lookup tables for decoding, built from <see cref="T4CodeTables"/>.</summary>
internal static class T4DecodeTables
{
    /// <summary>Longest run code word (black make-up codes are 13 bits).</summary>
    public const int RunLookupBits = 13;

    /// <summary>Longest two-dimensional mode code word.</summary>
    public const int ModeLookupBits = 7;

    /// <summary>Entry = run length &lt;&lt; 4 | code length; 0 means no code word has this prefix.</summary>
    public static readonly int[] White = BuildRuns(T4CodeTables.WhiteTerminating, T4CodeTables.WhiteMakeUp);

    public static readonly int[] Black = BuildRuns(T4CodeTables.BlackTerminating, T4CodeTables.BlackMakeUp);

    /// <summary>Entry = (mode + 1) &lt;&lt; 4 | code length; 0 means invalid (extensions are not supported).</summary>
    public static readonly int[] Modes = BuildModes();

    public const int ModePass = 0;
    public const int ModeHorizontal = 1;

    /// <summary>Vertical modes are ModeVerticalBase + (a1 − b1 + 3).</summary>
    public const int ModeVerticalBase = 2;

    private static int[] BuildRuns(T4Code[] terminating, T4Code[] makeUp)
    {
        var table = new int[1 << RunLookupBits];
        for (int run = 0; run < terminating.Length; run++)
        {
            Fill(table, RunLookupBits, terminating[run], (run << 4) | terminating[run].Length);
        }

        for (int i = 0; i < makeUp.Length; i++)
        {
            Fill(table, RunLookupBits, makeUp[i], (((i + 1) * 64) << 4) | makeUp[i].Length);
        }

        return table;
    }

    private static int[] BuildModes()
    {
        var table = new int[1 << ModeLookupBits];
        Fill(table, ModeLookupBits, T4CodeTables.Pass, ((ModePass + 1) << 4) | T4CodeTables.Pass.Length);
        Fill(table, ModeLookupBits, T4CodeTables.Horizontal, ((ModeHorizontal + 1) << 4) | T4CodeTables.Horizontal.Length);
        for (int i = 0; i < T4CodeTables.Vertical.Length; i++)
        {
            T4Code code = T4CodeTables.Vertical[i];
            Fill(table, ModeLookupBits, code, ((ModeVerticalBase + i + 1) << 4) | code.Length);
        }

        return table;
    }

    private static void Fill(int[] table, int lookupBits, T4Code code, int entry)
    {
        int shift = lookupBits - code.Length;
        int first = code.Bits << shift;
        for (int i = 0; i < 1 << shift; i++)
        {
            if (table[first + i] != 0)
            {
                throw new InvalidOperationException($"Code {code} is not prefix-free.");
            }

            table[first + i] = entry;
        }
    }
}
