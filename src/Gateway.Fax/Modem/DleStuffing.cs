namespace Gateway.Fax.Modem;

/// <summary>Class 2.0 data transparency: every DLE (0x10) in page data is sent twice (T.32 §8.3.3).</summary>
public static class DleStuffing
{
    public const byte Dle = 0x10;

    /// <summary>Bytes needed for <paramref name="data"/> once stuffed.</summary>
    public static int StuffedLength(ReadOnlySpan<byte> data) => data.Length + data.Count(Dle);

    /// <summary>Copies <paramref name="data"/> to <paramref name="destination"/> doubling each DLE; returns the bytes written.</summary>
    public static int Stuff(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        int written = 0;
        while (!data.IsEmpty)
        {
            int dle = data.IndexOf(Dle);
            int plain = dle < 0 ? data.Length : dle;
            data[..plain].CopyTo(destination[written..]);
            written += plain;
            if (dle < 0)
            {
                break;
            }

            destination[written++] = Dle;
            destination[written++] = Dle;
            data = data[(dle + 1)..];
        }

        return written;
    }
}
