using System.Globalization;
using Gateway.Fax.Codec;
using Gateway.Fax.Imaging;

namespace Gateway.Fax.Modem;

/// <summary>
/// The T.32 session parameters <c>vr,br,wd,ln,df,ec,bf,st</c> as in <c>+FCC</c>, <c>+FIS</c> and <c>+FCS</c>:
/// vertical resolution, bit rate, width, length, data format, ECM, file transfer, scan time.
/// </summary>
public readonly record struct T30SessionParameters(
    int VerticalResolution,
    int BitRateCode,
    int Width,
    int Length,
    int DataFormat,
    int ErrorCorrection,
    int FileTransfer,
    int ScanTimeCode)
{
    private static readonly int[] BitRates = [2400, 4800, 7200, 9600, 12000, 14400];

    // T.32 Table 21: minimum scan-line time in ms for normal / fine resolution per st code.
    private static readonly int[] ScanMsNormal = [0, 5, 10, 10, 20, 20, 40, 40];
    private static readonly int[] ScanMsFine = [0, 5, 5, 10, 10, 20, 20, 40];

    public FaxResolution Resolution => VerticalResolution == 0 ? FaxResolution.Standard : FaxResolution.Fine;

    public T4Compression Compression => DataFormat == 1 ? T4Compression.ModifiedRead : T4Compression.ModifiedHuffman;

    public int BitsPerSecond => BitRates[Math.Clamp(BitRateCode, 0, BitRates.Length - 1)];

    public TimeSpan MinimumScanLineTime
    {
        get
        {
            int code = Math.Clamp(ScanTimeCode, 0, ScanMsNormal.Length - 1);
            return TimeSpan.FromMilliseconds(Resolution == FaxResolution.Fine ? ScanMsFine[code] : ScanMsNormal[code]);
        }
    }

    /// <summary>Bits each coded line must last at this rate and scan time (fill bits make up the rest).</summary>
    public int MinimumLineBits => T4EncoderOptions.MinimumLineBitsFor(BitsPerSecond, MinimumScanLineTime);

    /// <summary>The <c>AT+FCC</c> argument list.</summary>
    public string ToCommandArguments() => string.Create(
        CultureInfo.InvariantCulture,
        $"{VerticalResolution},{BitRateCode},{Width},{Length},{DataFormat},{ErrorCorrection},{FileTransfer},{ScanTimeCode}");

    /// <summary>
    /// Parses a line such as <c>+FCS:1,5,0,2,0,0,0,0</c> or <c>+FCS: 1,5,0,2,0,0,0,0</c>. Missing trailing
    /// fields count as 0; anything not a small number fails (never throws).
    /// </summary>
    public static bool TryParse(string line, out T30SessionParameters parameters)
    {
        parameters = default;
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        ReadOnlySpan<char> rest = colon < 0 ? line : line.AsSpan(colon + 1);
        Span<int> values = stackalloc int[8];
        int index = 0;
        foreach (Range field in rest.Split(','))
        {
            if (index == values.Length
                || !int.TryParse(rest[field].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                || value > 255)
            {
                return false;
            }

            values[index++] = value;
        }

        if (index < 2)
        {
            return false;
        }

        parameters = new T30SessionParameters(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        return true;
    }
}
