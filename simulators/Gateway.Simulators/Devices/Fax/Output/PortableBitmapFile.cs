using System.Text;
using Gateway.Simulators.Devices.Fax.Decoding;

namespace Gateway.Simulators.Devices.Fax.Output;

/// <summary>Writes a received page as binary PBM (P4): 1 = black, rows packed MSB-first.</summary>
internal static class PortableBitmapFile
{
    public static void Write(ReceivedPage page, string path)
    {
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"P4\n{page.Width} {page.Height}\n"));
        foreach (byte[] row in page.Rows)
        {
            file.Write(row);
        }
    }
}
