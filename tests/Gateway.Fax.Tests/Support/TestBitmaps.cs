using Gateway.Fax.Imaging;

namespace Gateway.Fax.Tests.Support;

/// <summary>Bitmaps that exercise the codec: noise, every run length, and text-like blocks.</summary>
internal static class TestBitmaps
{
    public const int FaxWidth = 1728;

    /// <summary>Random runs with lengths spread from 1 to a few hundred pixels.</summary>
    public static FaxBitmap RandomRuns(int seed, int width = FaxWidth, int height = 200)
    {
        var random = new Random(seed);
        var bitmap = new FaxBitmap(width, height);
        for (int y = 0; y < height; y++)
        {
            int x = 0;
            bool black = random.Next(2) == 0;
            while (x < width)
            {
                int run = random.Next(4) switch
                {
                    0 => random.Next(1, 4),
                    1 => random.Next(1, 20),
                    2 => random.Next(1, 120),
                    _ => random.Next(1, 900),
                };
                if (black)
                {
                    FaxBitmap.FillBlack(bitmap.Row(y), x, Math.Min(width, x + run));
                }

                x += run;
                black = !black;
            }
        }

        return bitmap;
    }

    /// <summary>Independent noise per pixel (the worst case for any run-length code).</summary>
    public static FaxBitmap Noise(int seed, int width = FaxWidth, int height = 50)
    {
        var random = new Random(seed);
        var bitmap = new FaxBitmap(width, height);
        random.NextBytes(bitmap.Data);
        bitmap.ClearPadding();
        return bitmap;
    }

    /// <summary>Rows with a white run of n then a black run of n, for every n up to the width: every code word is used.</summary>
    public static FaxBitmap EveryRunLength(int width = FaxWidth)
    {
        var bitmap = new FaxBitmap(width, width / 2 + 2);
        for (int n = 0; n <= width / 2; n++)
        {
            FaxBitmap.FillBlack(bitmap.Row(n), n, Math.Min(width, 2 * n));
        }

        // An all-black row: the longest black run.
        FaxBitmap.FillBlack(bitmap.Row(bitmap.Height - 1), 0, width);
        return bitmap;
    }

    /// <summary>Glyph-like blocks with white margins, resembling a text page.</summary>
    public static FaxBitmap TextLike(int seed, int height = 400)
    {
        var random = new Random(seed);
        var bitmap = new FaxBitmap(FaxWidth, height);
        for (int top = 40; top + 40 < height; top += 50)
        {
            for (int left = 100; left + 40 < FaxWidth - 100; left += 44)
            {
                for (int stroke = 0; stroke < 6; stroke++)
                {
                    int y = top + random.Next(36);
                    int x = left + random.Next(30);
                    bool horizontal = random.Next(2) == 0;
                    for (int i = 0; i < 12; i++)
                    {
                        int px = horizontal ? x + i : x;
                        int py = horizontal ? y : y + i;
                        FaxBitmap.FillBlack(bitmap.Row(Math.Min(py, height - 1)), px, px + 3);
                    }
                }
            }
        }

        return bitmap;
    }
}
