namespace Gateway.Simulators.Devices.Fax.Decoding;

/// <summary>A decoded page: 1 bit per pixel, 1 = black, first pixel in bit 7 (PBM order).</summary>
internal sealed record ReceivedPage(int Width, IReadOnlyList<byte[]> Rows, int BadRows, bool EndOfPageSeen)
{
    public int Height => Rows.Count;

    public int Stride => (Width + 7) / 8;
}
