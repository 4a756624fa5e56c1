using Gateway.Fax.Imaging;

namespace Gateway.Fax.Codec;

/// <summary>
/// Codes 1-bit pages as ITU-T T.4 MH or MR. Layout of a page: EOL, line 1, fill, EOL, line 2, …,
/// line n, fill, then RTC when asked (MR: every EOL carries the tag bit of the line after it).
/// One encoder reuses its pooled buffer and work arrays for every page, so it is not thread-safe:
/// use one per sending thread.
/// </summary>
public sealed class T4Encoder : IDisposable
{
    private const int RtcEols = 6;
    private const int MaxWidth = 1 << 15;

    private readonly T4BitWriter _writer = new(64 * 1024);
    private int[] _coding = [];
    private int[] _reference = [];

    public T4Encoder(T4EncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumLineBits);
        Options = options;
    }

    public T4EncoderOptions Options { get; }

    /// <summary>
    /// Codes one page. The returned memory belongs to this encoder and is valid until the next call
    /// or <see cref="Dispose"/>: copy it (or write it out) before encoding the next page.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(FaxBitmap page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Width > MaxWidth)
        {
            throw new ArgumentException($"Width {page.Width} exceeds {MaxWidth}.", nameof(page));
        }

        PrepareWorkArrays(page.Width);
        _writer.Reset(Options.BitOrder);
        bool twoDimensional = Options.Compression == T4Compression.ModifiedRead;
        int k = Options.KFactor;
        // No code spends more than 8 bits per pixel (pixel noise in MR horizontal mode is ~6).
        int worstLineBytes = page.Width + (Options.MinimumLineBits / 8) + 32;

        for (int y = 0; y < page.Height; y++)
        {
            _writer.EnsureCapacity(worstLineBytes);
            long lineStart = _writer.BitPosition;
            bool oneDimensionalLine = !twoDimensional || y % k == 0;
            WriteEol(twoDimensional ? (oneDimensionalLine ? 1 : 0) : -1);

            (_coding, _reference) = (_reference, _coding);
            int changeCount = ChangingElements.Find(page.Row(y), page.Width, _coding);
            if (oneDimensionalLine)
            {
                WriteOneDimensionalLine(changeCount, page.Width);
            }
            else
            {
                WriteTwoDimensionalLine(page.Width);
            }

            int lineBits = (int)(_writer.BitPosition - lineStart);
            if (lineBits < Options.MinimumLineBits)
            {
                _writer.WriteZeros(Options.MinimumLineBits - lineBits);
            }
        }

        if (Options.AppendRtc)
        {
            _writer.EnsureCapacity(16);
            for (int i = 0; i < RtcEols; i++)
            {
                WriteEol(twoDimensional ? 1 : -1);
            }
        }

        return _writer.Finish();
    }

    /// <summary>Codes one page into a new array (for callers that keep the data).</summary>
    public byte[] EncodeToArray(FaxBitmap page) => Encode(page).ToArray();

    public void Dispose() => _writer.Dispose();

    private void PrepareWorkArrays(int width)
    {
        int needed = width + ChangingElements.SentinelCount + 1;
        if (_coding.Length < needed)
        {
            _coding = new int[needed];
            _reference = new int[needed];
        }

        // Define the reference line before the first line as all white; the first line is always 1-D
        // coded, so nothing is coded against it, but every line swap then finds valid sentinels.
        ChangingElements.AppendSentinels(_coding, 0, width);
    }

    /// <summary>Writes EOL, first padding so it ends on a byte boundary if asked; tag −1 means none (MH).</summary>
    private void WriteEol(int tag)
    {
        if (Options.AlignEolToByte)
        {
            int misalignment = (int)((_writer.BitPosition + T4CodeTables.EndOfLine.Length) & 7);
            if (misalignment != 0)
            {
                _writer.WriteZeros(8 - misalignment);
            }
        }

        _writer.Write(T4CodeTables.EndOfLine);
        if (tag >= 0)
        {
            _writer.Write((uint)tag, 1);
        }
    }

    private void WriteOneDimensionalLine(int changeCount, int width)
    {
        int[] coding = _coding;
        T4BitCursor cursor = _writer.Open();
        int previous = 0;
        for (int i = 0; i <= changeCount; i++)
        {
            int position = i < changeCount ? coding[i] : width;
            cursor.WriteRun(position - previous, (i & 1) != 0);
            previous = position;
        }

        _writer.Close(cursor);
    }

    /// <summary>T.4 §4.2.1.3: pass, vertical and horizontal modes against the reference line.</summary>
    private void WriteTwoDimensionalLine(int width)
    {
        int[] coding = _coding;
        int[] reference = _reference;
        int a0 = -1;
        bool black = false;
        int a1Index = 0;
        int referenceIndex = 0;
        T4BitCursor cursor = _writer.Open();
        while (a0 < width)
        {
            int a1 = coding[a1Index];
            // Sentinels equal the width and a0 < width here, so this stops at the latest on the first sentinel.
            while (reference[referenceIndex] <= a0)
            {
                referenceIndex++;
            }

            // b1 changes to the colour opposite a0's: even indexes change to black, odd ones to white.
            int b1Index = referenceIndex + (((referenceIndex & 1) == 0) == black ? 1 : 0);
            int b1 = reference[b1Index];
            int b2 = reference[b1Index + 1];

            if (b2 < a1)
            {
                cursor.Write(T4CodeTables.Pass);
                a0 = b2;
            }
            else if (a1 - b1 is >= -3 and <= 3)
            {
                cursor.Write(T4CodeTables.Vertical[a1 - b1 + 3]);
                a0 = a1;
                a1Index++;
                black = !black;
            }
            else
            {
                int a2 = coding[a1Index + 1];
                cursor.Write(T4CodeTables.Horizontal);
                cursor.WriteRun(a1 - Math.Max(a0, 0), black);
                cursor.WriteRun(a2 - a1, !black);
                a0 = a2;
                a1Index += 2;
            }
        }

        _writer.Close(cursor);
    }
}
